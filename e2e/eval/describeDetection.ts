import type { Detection } from '../../extension/lib/formDetection/detectLoginForm.ts';
import type { FormSnapshot } from '../../extension/lib/formDetection/snapshotTypes.ts';

/**
 * What a detection landed on, in the words a person checks a page by: the form's own markup,
 * the heading over it and the submit button's text. Printed for every negative page the
 * detector falls for, so a reader can tell a sign-up taken for a login from a real sign-in
 * form on a page labelled negative.
 */
export function describeDetection(snapshot: FormSnapshot, detection: Detection): string {
  const anchor = snapshot.fields[detection.kind === 'password' ? detection.password : detection.username];
  const group = anchor === undefined ? undefined : snapshot.groups[anchor.group];
  const heading = group?.isForm === true ? group.headingText : (anchor?.headingText ?? '');
  const submit = detection.submit === undefined ? undefined : snapshot.fields[detection.submit];
  const parts = [
    group?.isForm === true ? `form "${group.attributes.replace(/\s+/g, ' ').trim().slice(0, 60)}"` : 'fields outside any form',
    `heading "${heading}"`,
    `submit "${submit?.text ?? ''}"`,
  ];
  return parts.join(', ');
}
