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
  await page.type('#password', user.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#sign-in')]);
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
