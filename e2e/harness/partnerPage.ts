import type { Page } from 'puppeteer-core';
import type { DemoUser } from '../site/createPartnerSite.ts';

/** What a person does on the reference partner site's own pages. */

export async function enterUsername(page: Page, username: string): Promise<void> {
  await page.waitForSelector('#username');
  await page.click('#username', { count: 3 });
  await page.type('#username', username);
}

/** Moves focus on from the identifier field: the moment the extension asks for a decision. */
export async function leaveUsernameField(page: Page): Promise<void> {
  await page.focus('#password');
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
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#sign-out')]);
  await page.waitForSelector('#login-form');
}

/** The site's second step: reads the code from the site's outbox, as the user reads their email. */
export async function enterEmailedCode(page: Page, code: string): Promise<void> {
  await page.waitForSelector('#code');
  await page.type('#code', code);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#verify-code')]);
}

export async function submitPassword(page: Page, password: string): Promise<void> {
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#sign-in')]);
}
