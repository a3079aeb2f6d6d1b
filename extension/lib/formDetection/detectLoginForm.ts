import type { FieldSnapshot, FormSnapshot, GroupSnapshot } from './snapshotTypes.ts';
import type { OverrideIndexes } from './overrides.ts';
import {
  LIKELY_IDENTIFIER_SCORE,
  asksPersonalDetails,
  fieldWords,
  identifierScore,
  isButton,
  isNewPassword,
  isLanguagePicker,
  isPassword,
  isPaymentField,
  isSearchBox,
  isTextEntry,
  isUsable,
} from './fieldRoles.ts';
import {
  CHECKOUT_WORDS,
  CONTINUE_WORDS,
  LOGIN_WORDS,
  NEWSLETTER_WORDS,
  RECOVERY_WORDS,
  SEARCH_WORDS,
  SECRET_HINT,
  SETTINGS_WORDS,
  SIGNUP_WORDS,
} from './vocabulary.ts';

/** Indexes into `FormSnapshot.fields`. */
export type Detection =
  | { kind: 'password'; username?: number; password: number; submit?: number }
  | { kind: 'identifier-first'; username: number; submit?: number };

/** A login form asks for little: more typed fields than this is a sign-up, checkout or contact form. */
const MAX_TEXT_ENTRIES_IN_LOGIN = 3;
const PASSWORD_TOGGLE = /show|hide|toggle|reveal|visibility|eye/;

/**
 * Finds the login form of a page, or null. Pure: decides over the snapshot only, so it runs the
 * same in a unit test, in the content script and in the corpus evaluation. Site-owner
 * overrides, already resolved to field indexes, win over every heuristic.
 */
export function detectLoginForm(snapshot: FormSnapshot, overrides?: OverrideIndexes): Detection | null {
  const found = detectByHeuristics(snapshot);
  return overrides === undefined ? found : applyOverrides(found, overrides);
}

function detectByHeuristics(snapshot: FormSnapshot): Detection | null {
  // A checkout step offers "sign in for faster checkout"; the page is still a checkout.
  const heading = snapshot.mainHeading ?? '';
  if (CHECKOUT_WORDS.test(heading) && !LOGIN_WORDS.test(heading)) return null;
  const byGroup = fieldsByGroup(snapshot);
  const signUpGroups = new Set<number>();
  let best: Scored | null = null;
  for (const group of snapshot.groups) {
    const fields = byGroup[group.index] ?? [];
    const shown = fields.filter((f) => f.visible);
    const passwords = shown.filter((f) => isPassword(f) && isUsable(f));
    // Every password counts: one loose group (an app without <form>s) or one page-wide <form>
    // can hold a sign-up and a sign-in side by side.
    for (const password of passwords) {
      const judged = passwordLogin(group, shown, password, snapshot.pageText);
      if (judged === 'sign-up') signUpGroups.add(group.index);
      else best = better(best, judged);
    }
    if (passwords.length === 0) best = better(best, identifierFirst(group, fields, snapshot.pageText));
  }
  if (best === null) return null;
  // A page that offers a sign-up form too (a landing page with a "log in" bar above "Create your
  // account") is about signing up, unless the login form or the page says plainly that it is for
  // signing in: a heading "Returning customers" over the one, "Sign in" (and not "or sign up")
  // as the title of the other.
  const signUpElsewhere = [...signUpGroups].some((index) => index !== best.group.index);
  if (signUpElsewhere && !saysOnlyLogin(best.heading) && !saysOnlyLogin(snapshot.pageText)) return null;
  return best.detection;
}

function better(best: Scored | null, candidate: Scored | null): Scored | null {
  return candidate !== null && (best === null || candidate.score > best.score) ? candidate : best;
}

function saysOnlyLogin(text: string): boolean {
  return LOGIN_WORDS.test(text) && !SIGNUP_WORDS.test(text);
}

interface Scored {
  detection: Detection;
  group: GroupSnapshot;
  /** The heading over the candidate: its form's, or the one above its field outside any form. */
  heading: string;
  score: number;
}

function headingOver(group: GroupSnapshot, field: FieldSnapshot): string {
  return group.isForm ? group.headingText : (field.headingText ?? '');
}

/**
 * A current-password field with at most a couple of typed fields around it. Only the
 * password's neighbourhood counts, because some sites wrap the whole page in one <form>.
 * Says 'sign-up' when the password is one being chosen, so the page's other forms can be judged
 * in that light.
 */
function passwordLogin(group: GroupSnapshot, shown: FieldSnapshot[], password: FieldSnapshot, pageText: string): Scored | 'sign-up' | null {
  // An API key or a token typed into a password box connects a service; it signs nobody in.
  if (SECRET_HINT.test(fieldWords(password))) return null;
  // `shown` keeps disabled controls: they still show what the form is (a greyed "Create account" button).
  const near = neighbourhood(shown, password.index);
  const heading = headingOver(group, password);
  const submit = submitButton(near.filter(isUsable), password.index);
  // The control that really submits (it ends the neighbourhood), not the sign-in-looking button
  // picked for the detection: "Sign in instead" beside a "Sign up" submit is a sign-up.
  const closing = near.find((f) => f.index > password.index && isSubmitControl(f));
  const intent = formIntent(group, near, closing, heading);
  if (choosesPassword(near, password, intent)) return 'sign-up';
  if (near.some(isPaymentField)) return null;
  // A header's search box shares the group of an app without <form>s; it says nothing here.
  const typed = near.filter((f) => isTextEntry(f) && !isSearchBox(f));
  // A language picker is page chrome; a domain or country-code picker may belong to a login.
  const pickers = near.filter((f) => (f.tag === 'select' && !isLanguagePicker(f)) || f.tag === 'textarea');
  // A login asks for one choice at most (a country code, a domain); settings and sign-ups ask more.
  if (typed.length > MAX_TEXT_ENTRIES_IN_LOGIN || pickers.length > 1 || (pickers.length > 0 && typed.length > 1)) return null;
  const closingText = closing === undefined ? '' : `${closing.text} ${closing.ariaLabel}`;
  if (SETTINGS_WORDS.test(closingText) && !LOGIN_WORDS.test(closingText)) return null;
  if (pageIsOnlyFor(SIGNUP_WORDS, pageText)) return null;

  const username = bestIdentifier(near.filter((f) => f.index < password.index && isUsable(f)));
  let score = 10 + (intent === 'login' ? 5 : 0) + (username === undefined ? 0 : 3);
  if (username === undefined) {
    // A lone password field is a login only when something says "sign in" (the password step of
    // an identifier-first flow); otherwise it is as likely a "confirm it's you" or a PIN.
    if (intent !== 'login' && !LOGIN_WORDS.test(pageText)) return null;
    score -= 5;
  }
  const detection: Detection = { kind: 'password', password: password.index, username: username?.index, submit: submit?.index };
  return { detection, group, heading, score };
}

/** Sign-up, change or reset: a password being chosen rather than typed from memory. */
function choosesPassword(near: FieldSnapshot[], password: FieldSnapshot, intent: Intent): boolean {
  // A login never asks for a person's name or birthday.
  if (near.some(asksPersonalDetails)) return true;
  // Two password fields = choose + confirm (sign-up, change/reset password).
  if (near.filter(isPassword).length > 1 || intent === 'signup') return true;
  return isNewPassword(password) && !(intent === 'login' && password.autocomplete.includes('new-password'));
}

/** From just after the previous submit control to the first submit control after `at`. */
function neighbourhood(shown: FieldSnapshot[], at: number): FieldSnapshot[] {
  let first = 0;
  let last = shown.length - 1;
  for (let i = 0; i < shown.length; i++) {
    const field = shown[i];
    if (field === undefined || !isSubmitControl(field)) continue;
    if (field.index < at) first = i + 1;
    else if (field.index > at) {
      last = i;
      break;
    }
  }
  return shown.slice(first, last + 1);
}

/** A "show password" eye is often a bare <button> (type submit by default) but ends nothing. */
function isSubmitControl(field: FieldSnapshot): boolean {
  if (!isButton(field) || (field.type !== 'submit' && field.type !== 'image')) return false;
  return !PASSWORD_TOGGLE.test(`${field.text} ${field.ariaLabel} ${field.className}`);
}

/** The page as a whole (title, main heading) is about one thing only, e.g. "Create an account". */
function pageIsOnlyFor(words: RegExp, pageText: string): boolean {
  return words.test(pageText) && !LOGIN_WORDS.test(pageText);
}

/**
 * First step of an identifier-first flow: one identifier field, no password, and the page says
 * "sign in" somewhere close. Newsletter, recovery and search forms look the same but say otherwise.
 */
function identifierFirst(group: GroupSnapshot, fields: FieldSnapshot[], pageText: string): Scored | null {
  const usable = fields.filter(isUsable);
  if (usable.some(isPassword)) return null;
  const typed = usable.filter(isTextEntry);
  if (typed.length !== 1) return null;
  const username = typed[0];
  const score = username === undefined ? null : identifierScore(username);
  if (username === undefined || score === null || score < LIKELY_IDENTIFIER_SCORE) return null;
  const buttons = usable.filter((f) => f.index > username.index && isButton(f));
  const heading = headingOver(group, username);
  // Sign-in steps carry "Forgot email?" and "Create account" beside the field; when one button
  // says it moves this step on ("Next", "Sign in"), the side buttons don't speak for the form.
  const primary = buttons.find((b) => LOGIN_WORDS.test(b.text) || CONTINUE_WORDS.test(b.text));
  const spoken = primary === undefined ? buttons : [primary];
  const context = `${group.attributes} ${heading} ${spoken.map((b) => b.text).join(' ')} ${pageText}`;
  const own = `${username.name} ${username.id} ${username.autocomplete}`;
  if (!LOGIN_WORDS.test(context) && !/login|logon|signin|sign_in/.test(own)) return null;
  if (SIGNUP_WORDS.test(context) && !/login|signin/.test(group.attributes)) return null;
  if (RECOVERY_WORDS.test(context) || NEWSLETTER_WORDS.test(context) || SEARCH_WORDS.test(`${group.attributes} ${own}`)) return null;
  const submit = primary ?? buttons[0];
  return { detection: { kind: 'identifier-first', username: username.index, submit: submit?.index }, group, heading, score: 5 + score };
}

type Intent = 'login' | 'signup' | 'unknown';

/**
 * What the form says it does. Its submit button speaks loudest ("Create account" under a form
 * with id "login-form" is a sign-up), then all its buttons together, then the heading, then the
 * form's own attributes.
 */
function formIntent(group: GroupSnapshot, near: FieldSnapshot[], submit: FieldSnapshot | undefined, heading: string): Intent {
  const buttons = near
    .filter(isButton)
    .map((b) => `${b.text} ${b.ariaLabel}`)
    .join(' ');
  const submitText = submit === undefined ? '' : `${submit.text} ${submit.ariaLabel}`;
  for (const text of [submitText, buttons, heading, group.attributes]) {
    const login = LOGIN_WORDS.test(text);
    const signup = SIGNUP_WORDS.test(text);
    if (login !== signup) return login ? 'login' : 'signup';
  }
  return 'unknown';
}

/** Highest identifier score wins; on a tie the field nearest the password (the later one). */
function bestIdentifier(candidates: FieldSnapshot[]): FieldSnapshot | undefined {
  let best: FieldSnapshot | undefined;
  let bestScore = -1;
  for (const field of candidates) {
    const score = identifierScore(field);
    if (score !== null && score >= bestScore) {
      best = field;
      bestScore = score;
    }
  }
  return best;
}

function submitButton(usable: FieldSnapshot[], after: number): FieldSnapshot | undefined {
  const buttons = usable.filter((f) => f.index > after && isButton(f));
  return (
    buttons.find((b) => LOGIN_WORDS.test(`${b.text} ${b.ariaLabel}`) || CONTINUE_WORDS.test(b.text)) ??
    buttons.find((b) => b.type === 'submit' || b.type === 'image') ??
    buttons[0]
  );
}

function fieldsByGroup(snapshot: FormSnapshot): FieldSnapshot[][] {
  const byGroup: FieldSnapshot[][] = snapshot.groups.map(() => []);
  for (const field of snapshot.fields) byGroup[field.group]?.push(field);
  return byGroup;
}

function applyOverrides(found: Detection | null, overrides: OverrideIndexes): Detection | null {
  const username = overrides.username ?? found?.username;
  const password = overrides.password ?? (found?.kind === 'password' ? found.password : undefined);
  const submit = overrides.submit ?? found?.submit;
  if (password !== undefined) return { kind: 'password', username, password, submit };
  if (username !== undefined) return { kind: 'identifier-first', username, submit };
  return null;
}
