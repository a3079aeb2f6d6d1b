import { describe, expect, it } from 'vitest';
import { detectLoginForm } from './detectLoginForm.ts';
import type { FieldSnapshot } from './formSnapshot.ts';

/** Builds snapshot fields in document order with sensible defaults. */
function fields(...specs: Array<Partial<FieldSnapshot>>): { fields: FieldSnapshot[] } {
  return {
    fields: specs.map((spec, index) => ({
      index,
      kind: 'input',
      type: 'text',
      autocomplete: '',
      name: '',
      id: '',
      label: '',
      visible: true,
      form: 0,
      ...spec,
    })),
  };
}

const username = { id: 'username', name: 'username', autocomplete: 'username' };
const password = { type: 'password', id: 'password', autocomplete: 'current-password' };
const submit = { kind: 'button' as const, type: 'submit', label: 'sign in' };

describe('detectLoginForm', () => {
  it('finds the username before the password in the same form', () => {
    expect(detectLoginForm(fields(username, password, submit))).toEqual({ kind: 'password', identifier: 0, password: 1 });
  });

  it('prefers the field that looks like an identifier over a nearer plain text field', () => {
    const snapshot = fields({ type: 'email', name: 'email' }, { name: 'nickname-unrelated' }, password);
    expect(detectLoginForm(snapshot)).toMatchObject({ identifier: 0 });
  });

  it('takes the nearest text input when nothing is labelled', () => {
    expect(detectLoginForm(fields({ name: 'a' }, { name: 'b' }, { type: 'password' }))).toMatchObject({ identifier: 1, password: 2 });
  });

  it('ignores a search box in another form and hidden fields', () => {
    const snapshot = fields(
      { name: 'q', type: 'search', form: 0 },
      { name: 'login', form: 1, visible: false },
      { type: 'tel', name: 'phone', form: 1 },
      { ...password, form: 1 },
    );
    expect(detectLoginForm(snapshot)).toEqual({ kind: 'password', identifier: 2, password: 3 });
  });

  it('is not fooled by sign-up forms (new-password)', () => {
    expect(detectLoginForm(fields(username, { type: 'password', autocomplete: 'new-password' }))).toBeUndefined();
  });

  it('ignores an invisible password field', () => {
    expect(detectLoginForm(fields({ name: 'q' }, { ...password, visible: false }))).toBeUndefined();
  });

  it('recognizes an identifier-first step and its continue button', () => {
    const snapshot = fields({ kind: 'button', type: 'button', label: 'menu', form: -1 }, { type: 'email', autocomplete: 'username' }, {
      kind: 'button',
      type: 'button',
      label: 'help',
    }, { kind: 'button', type: 'submit', label: 'continue' });
    expect(detectLoginForm(snapshot)).toEqual({ kind: 'identifier-first', identifier: 1, continueButton: 3 });
  });

  it('does not treat an unlabelled text field or a newsletter box as an identifier-first form', () => {
    expect(detectLoginForm(fields({ name: 'comment' }, submit))).toBeUndefined();
    expect(detectLoginForm(fields({ type: 'email', name: 'newsletter-email' }, submit))).toBeUndefined();
  });
});
