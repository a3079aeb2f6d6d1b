import type { FieldSnapshot, PageSnapshot } from './formSnapshot.ts';

/**
 * Where the user types their identifier. A deliberately simple, general heuristic; better
 * detection replaces this function without touching the flows.
 */
export type LoginForm =
  | { kind: 'password'; identifier: number; password: number }
  | { kind: 'identifier-first'; identifier: number; continueButton: number | undefined };

const IDENTIFIER_TYPES = new Set(['text', 'email', 'tel', '']);
const IDENTIFIER_AUTOCOMPLETE = /\b(username|email|webauthn)\b/;
const IDENTIFIER_HINT = /user|login|email|e-mail|account|ident|signin|customer/i;
const NOT_IDENTIFIER_HINT = /search|query|^q$|coupon|promo|captcha|otp|code|newsletter|subscribe/i;
const CONTINUE_LABEL = /next|continue|weiter|sign ?in|log ?in|proceed|submit/i;

export function detectLoginForm(snapshot: PageSnapshot): LoginForm | undefined {
  const visible = snapshot.fields.filter((field) => field.visible);
  const password = visible.find(
    (field) => field.kind === 'input' && field.type === 'password' && !field.autocomplete.includes('new-password'),
  );
  if (password !== undefined) {
    const before = visible.filter((field) => field.index < password.index && field.form === password.form && isIdentifierCandidate(field));
    const best = bestIdentifier(before, { requireHint: false });
    return best === undefined ? undefined : { kind: 'password', identifier: best.index, password: password.index };
  }
  // No password field: an identifier-first step, if some field clearly asks for a username/email.
  // A form with a new-password field is a sign-up form, not a login.
  if (visible.some((field) => field.type === 'password')) return undefined;
  const best = bestIdentifier(visible.filter(isIdentifierCandidate), { requireHint: true });
  if (best === undefined) return undefined;
  const sameForm = visible.filter((field) => field.form === best.form && field.index > best.index && isButton(field));
  const continueButton = sameForm.find((field) => CONTINUE_LABEL.test(field.label)) ?? sameForm[0];
  return { kind: 'identifier-first', identifier: best.index, continueButton: continueButton?.index };
}

function isIdentifierCandidate(field: FieldSnapshot): boolean {
  if (field.kind !== 'input' || !IDENTIFIER_TYPES.has(field.type)) return false;
  if (/new-password|one-time-code/.test(field.autocomplete)) return false;
  return !NOT_IDENTIFIER_HINT.test(`${field.name} ${field.id}`);
}

function isButton(field: FieldSnapshot): boolean {
  return field.kind === 'button' ? field.type === 'submit' || field.type === 'button' : field.type === 'submit';
}

function score(field: FieldSnapshot): number {
  let points = 0;
  if (IDENTIFIER_AUTOCOMPLETE.test(field.autocomplete)) points += 3;
  if (field.type === 'email') points += 2;
  if (IDENTIFIER_HINT.test(`${field.name} ${field.id}`)) points += 2;
  return points;
}

/** Highest score wins; on a tie the field nearest to the password (the later one) wins. */
function bestIdentifier(candidates: FieldSnapshot[], options: { requireHint: boolean }): FieldSnapshot | undefined {
  let best: FieldSnapshot | undefined;
  for (const field of candidates) {
    if (options.requireHint && score(field) === 0) continue;
    if (best === undefined || score(field) >= score(best)) best = field;
  }
  return best;
}
