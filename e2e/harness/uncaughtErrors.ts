import type { CDPSession } from 'puppeteer-core';

/**
 * Collects uncaught exceptions and unhandled rejections from every execution context a CDP
 * session sees (a page's main and isolated worlds, or the extension's service worker).
 */
export async function collectUncaughtErrors(session: CDPSession): Promise<string[]> {
  const errors: string[] = [];
  session.on('Runtime.exceptionThrown', (event) => {
    const details = event.exceptionDetails;
    errors.push(details.exception?.description ?? details.text);
  });
  await session.send('Runtime.enable');
  return errors;
}
