import { describe, expect, it } from 'vitest';
import { testDocument } from '../formDetection/testPage.ts';
import { focusedElement, shouldTakeFocus } from './overlayFocus.ts';

const element = (tagName: string, type?: string, isContentEditable = false) =>
  ({ tagName, isContentEditable, getAttribute: (name: string) => (name === 'type' ? (type ?? null) : null) }) as unknown as Element;

describe('shouldTakeFocus', () => {
  it('takes focus when nothing, the body or a button has it', () => {
    expect(shouldTakeFocus(null)).toBe(true);
    expect(shouldTakeFocus(element('BODY'))).toBe(true);
    expect(shouldTakeFocus(element('BUTTON'))).toBe(true);
    expect(shouldTakeFocus(element('INPUT', 'submit'))).toBe(true);
  });

  it('never takes focus from a field the user types into (password, code, text)', () => {
    for (const type of ['password', 'text', 'email', undefined, 'tel', 'number'])
      expect(shouldTakeFocus(element('INPUT', type))).toBe(false);
    expect(shouldTakeFocus(element('TEXTAREA'))).toBe(false);
    expect(shouldTakeFocus(element('DIV', undefined, true))).toBe(false);
  });
});

describe('focusedElement', () => {
  it('looks through open shadow roots to the field that has focus', () => {
    const doc = testDocument('<login-card></login-card><input id="outside">');
    const root = doc.querySelector('login-card')?.attachShadow({ mode: 'open' });
    if (root === undefined) throw new Error('no shadow root');
    root.innerHTML = '<input id="password" type="password">';
    (root.getElementById('password') as HTMLInputElement).focus();
    expect(doc.activeElement?.tagName).toBe('LOGIN-CARD');
    expect(focusedElement(doc)?.id).toBe('password');
    expect(shouldTakeFocus(focusedElement(doc))).toBe(false);
    (doc.getElementById('outside') as HTMLInputElement).focus();
    expect(focusedElement(doc)?.id).toBe('outside');
  });
});
