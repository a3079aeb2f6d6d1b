import type { AppendContext } from '../intelligence/index.ts';
import type { EventRecord } from '../store/records.ts';

/*
 * How a passkey login happened, as recorded in the `detail` of its 'login-success' event,
 * and what that means for the append offer that follows it (ARCHITECTURE §5, seed 000).
 */

/** A phone's passkey used over hybrid (QR code + Bluetooth) from this desktop. */
export const VIA_HYBRID = 'hybrid';
/** Some other roaming authenticator (a security key, or a phone the user picked unprompted). */
export const VIA_CROSS_PLATFORM = 'cross-platform';

/**
 * The site mints its append grant right after the login and the extension redeems it at
 * once, so a login older than this did not lead to this append (a later password login did).
 */
export const LOGIN_TO_APPEND_WINDOW_MS = 5 * 60_000;

export function loginSuccessDetail(ceremonyWasHybrid: boolean, attachment: 'platform' | 'cross-platform' | undefined): string | undefined {
  if (ceremonyWasHybrid) return VIA_HYBRID;
  return attachment === 'cross-platform' ? VIA_CROSS_PLATFORM : undefined;
}

/**
 * Password logins leave no event here (the site handles them), so an append without a
 * fresh passkey success on this device follows a password login.
 */
export function appendContext(events: readonly EventRecord[], devicePseudonym: string, now: number): AppendContext {
  let latest: EventRecord | undefined;
  let latestAt = -Infinity;
  for (const event of events) {
    const at = Date.parse(event.at);
    if (event.devicePseudonym === devicePseudonym && at >= latestAt) {
      latest = event;
      latestAt = at;
    }
  }
  if (latest === undefined || latest.type !== 'login-success' || now - latestAt > LOGIN_TO_APPEND_WINDOW_MS) {
    return 'after-password';
  }
  return latest.detail === VIA_HYBRID ? 'after-hybrid' : 'after-passkey';
}
