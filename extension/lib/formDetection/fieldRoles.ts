import type { FieldSnapshot } from './snapshotTypes.ts';
import {
  IDENTIFIER_HINT,
  NEVER_IDENTIFIER_HINT,
  PHONE_HINT,
  SEARCH_WORDS,
  NEW_PASSWORD_HINT,
  NEW_VALUE_HINT,
  NOT_IDENTIFIER_HINT,
  PASSWORD_HINT,
  PAYMENT_HINT,
  PERSONAL_DETAILS_HINT,
} from './vocabulary.ts';

/** Pure per-field judgements the form-level rules are built from. */

const TEXTUAL_TYPES = new Set(['text', 'email', 'tel', 'number', 'url', 'search', '']);
const IDENTIFIER_TYPES = new Set(['text', 'email', 'tel', '']);

/** What the field's own markup says about it (name, id, label, placeholder, aria-label). */
export function fieldWords(field: FieldSnapshot): string {
  return `${field.name} ${field.id} ${field.placeholder} ${field.ariaLabel} ${field.labelText}`;
}

export function isUsable(field: FieldSnapshot): boolean {
  return field.visible && !field.disabled;
}

export function isPassword(field: FieldSnapshot): boolean {
  return field.tag === 'input' && field.type === 'password';
}

/** A password field for choosing a new password: autocomplete says so (HTML §4.10.18.7.1) or its words do. */
export function isNewPassword(field: FieldSnapshot): boolean {
  if (field.autocomplete.includes('new-password')) return true;
  if (field.autocomplete.includes('current-password')) return false;
  return NEW_PASSWORD_HINT.test(fieldWords(field));
}

/** Inputs a person types into (what a sign-up form has many of and a login form few). */
export function isTextEntry(field: FieldSnapshot): boolean {
  return (field.tag === 'input' && TEXTUAL_TYPES.has(field.type)) || field.tag === 'textarea';
}

export function isButton(field: FieldSnapshot): boolean {
  return field.tag === 'button' || (field.tag === 'input' && /^(submit|button|image)$/.test(field.type));
}

export function isPaymentField(field: FieldSnapshot): boolean {
  return /^cc-|card|transaction/.test(field.autocomplete) || PAYMENT_HINT.test(`${field.name} ${field.id}`);
}

/** An identifier score from which a field alone may be the first step of an identifier-first login. */
export const LIKELY_IDENTIFIER_SCORE = 3;

/**
 * How strongly the field looks like the account identifier; null when it cannot be one.
 * autocomplete="username"/"email" is the site telling us outright, so it weighs most.
 */
export function identifierScore(field: FieldSnapshot): number | null {
  if (field.tag !== 'input' || !IDENTIFIER_TYPES.has(field.type)) return null;
  const auto = field.autocomplete;
  if (/one-time-code|new-password|current-password|^cc-|address|postal|given-name|family-name/.test(auto)) return null;
  let score = 0;
  if (/\busername\b|\bemail\b|webauthn/.test(auto)) score += 4;
  if (field.type === 'email') score += 2;
  const words = fieldWords(field);
  if (NEVER_IDENTIFIER_HINT.test(`${field.name} ${field.id}`) || PASSWORD_HINT.test(words) || NEW_VALUE_HINT.test(words)) return null;
  if (IDENTIFIER_HINT.test(words)) score += 3;
  // "email_address" is an identifier even though "address" alone would not be.
  if (score < 3 && NOT_IDENTIFIER_HINT.test(words)) return null;
  // Many sign-ins take a phone number. Only a field that says so: a code or a PIN typed into a
  // type=tel field (for the number pad) is a secret, never the identifier.
  if (/\btel(-national)?\b/.test(auto) || PHONE_HINT.test(words)) score += 3;
  return score;
}

/** Name, birthday and similar: what sign-up and checkout forms ask and login forms never do. */
export function asksPersonalDetails(field: FieldSnapshot): boolean {
  if (/given-name|family-name|additional-name|\bname\b|bday|sex|street|postal|address-line/.test(field.autocomplete)) return true;
  return isTextEntry(field) && PERSONAL_DETAILS_HINT.test(`${field.name} ${field.id}`);
}

/** A search box: page chrome (a header's site search), never part of what a form asks. */
export function isSearchBox(field: FieldSnapshot): boolean {
  return field.type === 'search' || SEARCH_WORDS.test(`${field.name} ${field.id} ${field.placeholder} ${field.ariaLabel}`);
}

/** A language or locale picker: page chrome, like a search box. */
export function isLanguagePicker(field: FieldSnapshot): boolean {
  return (
    field.tag === 'select' && /lang|locale|sprache|idioma|langue/.test(`${field.name} ${field.id} ${field.ariaLabel} ${field.className}`)
  );
}
