import type { Page } from 'puppeteer-core';
import type { DemoUser } from '../site/createPartnerSite.ts';

/** What a person does on the reference partner site's own pages. */

/** Where the fields are; the single-page app keeps its form in a shadow root. */
export interface LoginFields {
  username: string;
  /** The control focus moves to from the identifier: the password, or a Continue button. */
  next: string;
}
export const CLASSIC_FORM: LoginFields = { username: '#username', next: '#password' };
export const IDENTIFIER_FIRST_FORM: LoginFields = { username: '#username', next: '#continue' };
export const MEMBER_NUMBER_FORM: LoginFields = { username: '#member-number', next: '#next-step' };
/** The sign-up form of the landing page (/welcome): typing an email there is no sign-in. */
export const SIGN_UP_FORM: LoginFields = { username: '#signup-email', next: '#signup-password' };
export const SPA_FORM: LoginFields = { username: 'login-card >>> #username', next: 'login-card >>> #password' };

export async function enterUsername(page: Page, username: string, fields: LoginFields = CLASSIC_FORM): Promise<void> {
  await page.waitForSelector(fields.username);
  await page.click(fields.username, { count: 3 });
  await page.type(fields.username, username);
}

/**
 * Types the identifier and moves focus on from the field: the moment the extension asks the
 * companion for a decision.
 */
export async function enterUsernameAndMoveOn(page: Page, username: string, fields: LoginFields = CLASSIC_FORM): Promise<void> {
  await enterUsername(page, username, fields);
  await page.focus(fields.next);
}

/** Submits a multi-page form's identifier step (its `next` control) and waits for the password page. */
export async function continueToPasswordStep(page: Page, fields: LoginFields): Promise<void> {
  await clickAndLoad(page, fields.next);
}

export async function signInWithPassword(page: Page, user: DemoUser): Promise<void> {
  await enterUsername(page, user.username);
  await submitPassword(page, user.password);
}

export async function signedInUser(page: Page): Promise<{ username: string; signedInWith: string }> {
  await page.waitForSelector('#signed-in-user', { timeout: 15_000 });
  return page.evaluate(() => ({
    username: document.querySelector('#signed-in-user')?.getAttribute('data-username') ?? '',
    signedInWith: document.querySelector('#signed-in-with')?.textContent ?? '',
  }));
}

export async function signOut(page: Page): Promise<void> {
  await clickAndLoad(page, '#sign-out');
  await page.waitForSelector('#login-form');
}

/** The site's second step: reads the code from the site's outbox, as the user reads their email. */
export async function enterEmailedCode(page: Page, code: string): Promise<void> {
  await page.waitForSelector('#code');
  await page.type('#code', code);
  await clickAndLoad(page, '#verify-code');
}

export async function submitPassword(page: Page, password: string): Promise<void> {
  await page.type('#password', password);
  await clickAndLoad(page, '#sign-in');
}

/** A click that submits a form or follows a link, and the page it loads. */
async function clickAndLoad(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}
