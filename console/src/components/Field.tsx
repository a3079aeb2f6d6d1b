import type { ComponentChildren } from 'preact';

/*
 * A labelled input with its hint and its error, tied together for screen readers
 * (label for=, aria-describedby, aria-invalid). `name` is the input's dotted path in the
 * schema: the input's test id is the name itself (unless given), its error's field-error-<name>.
 */

interface FieldFrame {
  name: string;
  label: string;
  hint?: ComponentChildren;
  error: string | undefined;
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function describedBy(name: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? '' : `${fieldId(name)}-hint`, error === undefined ? '' : `${fieldId(name)}-error`].filter(Boolean);
  return ids.length === 0 ? undefined : ids.join(' ');
}

export function FieldError({ name, error }: { name: string; error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <p id={`${fieldId(name)}-error`} class="field-error" data-testid={`field-error-${name}`}>
      {error}
    </p>
  );
}

function Hint({ name, hint }: { name: string; hint: ComponentChildren }) {
  if (hint === undefined) return null;
  return (
    <p id={`${fieldId(name)}-hint`} class="hint">
      {hint}
    </p>
  );
}

interface TextFieldProps extends FieldFrame {
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'url' | 'number';
  inputMode?: 'numeric' | 'url' | 'text';
  placeholder?: string;
  autoComplete?: string;
  testId?: string;
}

export function TextField({
  name,
  label,
  hint,
  error,
  value,
  onValue,
  type = 'text',
  inputMode,
  placeholder,
  autoComplete,
  testId,
}: TextFieldProps) {
  const id = fieldId(name);
  return (
    <div class={error === undefined ? 'field' : 'field invalid'}>
      <label for={id}>{label}</label>
      <Hint name={name} hint={hint} />
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        autoComplete={autoComplete}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy(name, hint, error)}
        data-testid={testId ?? name}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
      <FieldError name={name} error={error} />
    </div>
  );
}

interface TextAreaFieldProps extends FieldFrame {
  value: string;
  onValue: (value: string) => void;
  rows?: number;
  placeholder?: string;
}

export function TextAreaField({ name, label, hint, error, value, onValue, rows = 3, placeholder }: TextAreaFieldProps) {
  const id = fieldId(name);
  return (
    <div class={error === undefined ? 'field' : 'field invalid'}>
      <label for={id}>{label}</label>
      <Hint name={name} hint={hint} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        placeholder={placeholder}
        value={value}
        spellcheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy(name, hint, error)}
        data-testid={name}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
      <FieldError name={name} error={error} />
    </div>
  );
}
