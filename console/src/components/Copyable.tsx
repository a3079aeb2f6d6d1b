import { useState } from 'preact/hooks';

/**
 * A value to copy out of the page (a secret shown once, an invite link, the origin proof): the
 * text itself, selectable, and a button that copies it. The clipboard can be refused (no user
 * gesture, a locked-down browser); the text stays there to copy by hand.
 */
/** `label` names the value for the copy button ("Copy the secret"); `block` keeps line breaks (JSON). */
export function Copyable({ value, testId, label, block = false }: { value: string; testId: string; label: string; block?: boolean }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'refused'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('copied'),
      () => setCopied('refused'),
    );
  return (
    <div class="copyable">
      {block ? (
        <pre class="copyable-value" data-testid={testId}>
          {value}
        </pre>
      ) : (
        <code class="copyable-value" data-testid={testId}>
          {value}
        </code>
      )}
      <button type="button" class="secondary" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" class="hint">
        {copied === 'copied' ? 'Copied.' : copied === 'refused' ? 'The browser refused: select the text and copy it by hand.' : ''}
      </span>
    </div>
  );
}
