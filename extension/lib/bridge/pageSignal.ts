/**
 * The WebAuthn Signal API called in a partner page's MAIN world by `scripting.executeScript`
 * (the popup's "your passkeys", issue 14, item 4). The popup has no content-script bridge of its
 * own and runs at the extension's origin, where `PublicKeyCredential.signal*` would be about the
 * wrong rp id; the page's world is the partner's. Serialized into the page by the browser: no
 * imports, no closures. It checks the page is still the partner origin the background verified
 * (the tab may have navigated since) and feature-detects the method, like signalApi.ts.
 */
export type PageSignalMethod = 'signalAllAcceptedCredentials' | 'signalUnknownCredential' | 'signalCurrentUserDetails';
export type PageSignalOutcome = 'sent' | 'unsupported' | 'wrong-page';

export async function callSignalInPage(expectedOrigin: string, method: PageSignalMethod, argument: object): Promise<PageSignalOutcome> {
  if (location.origin !== expectedOrigin) return 'wrong-page';
  const credentialClass: unknown = Reflect.get(globalThis, 'PublicKeyCredential');
  const fn: unknown = typeof credentialClass === 'function' ? Reflect.get(credentialClass, method) : undefined;
  if (typeof fn !== 'function') return 'unsupported';
  await Reflect.apply(fn, credentialClass, [argument]);
  return 'sent';
}
