/**
 * The part of the evaluation that runs inside the page (bundled into an IIFE by evalForms.ts).
 * It takes the ground truth out of the DOM before the detector ever sees the page.
 */
import { detectLoginForm } from '../../extension/lib/formDetection/detectLoginForm.ts';
import { takeFormSnapshot } from '../../extension/lib/formDetection/snapshot.ts';
import { CUE_REMOVALS, type CueRemoval } from './cueRemovals.ts';
import { describeDetection } from './describeDetection.ts';

const TRUTH_ATTRIBUTE = 'data-fathom';

export interface InPageResult {
  hasUsername: boolean;
  hasPassword: boolean;
  usernameFound: boolean;
  passwordFound: boolean;
  detected: boolean;
  coldMs: number;
  warmMs: number;
  kind: string;
  /** What the detection landed on (form markup, heading, submit text); empty when nothing was detected. */
  detectedAs: string;
}

/** Remembers the ground-truth elements by reference, then strips the attributes. */
function takeTruth(doc: Document): { username: Element | null; password: Element | null } {
  const truth = {
    username: doc.querySelector(`[${TRUTH_ATTRIBUTE}="username"]`),
    password: doc.querySelector(`[${TRUTH_ATTRIBUTE}="password"]`),
  };
  for (const element of Array.from(doc.querySelectorAll(`[${TRUTH_ATTRIBUTE}]`))) element.removeAttribute(TRUTH_ATTRIBUTE);
  return truth;
}

function detectOnce(doc: Document) {
  const { snapshot, elements } = takeFormSnapshot(doc);
  return { detection: detectLoginForm(snapshot), snapshot, elements };
}

export function evaluatePage(warmRuns: number, removal?: CueRemoval): InPageResult {
  const truth = takeTruth(document);
  if (removal !== undefined) CUE_REMOVALS[removal](document);
  const coldStart = performance.now();
  const { detection, snapshot, elements } = detectOnce(document);
  const coldMs = performance.now() - coldStart;
  // performance.now() is coarse outside cross-origin isolation: time a batch and divide.
  const warmStart = performance.now();
  for (let i = 0; i < warmRuns; i++) detectOnce(document);
  const warmMs = (performance.now() - warmStart) / Math.max(1, warmRuns);
  const at = (index: number | undefined) => (index === undefined ? null : (elements[index] ?? null));
  return {
    hasUsername: truth.username !== null,
    hasPassword: truth.password !== null,
    usernameFound: truth.username !== null && at(detection?.username) === truth.username,
    passwordFound: truth.password !== null && at(detection?.kind === 'password' ? detection.password : undefined) === truth.password,
    detected: detection !== null,
    coldMs,
    warmMs,
    kind: detection?.kind ?? 'none',
    detectedAs: detection === null ? '' : describeDetection(snapshot, detection),
  };
}

Object.assign(globalThis, { __pkcEvaluatePage: evaluatePage });
