import { backgroundFailureSchema, popupPasskeysReplySchema, type ManagedPasskey, type PopupMessage, type ProviderTold } from '@pkc/shared';

/** What the popup's "your passkeys" section shows (test ids pkc-popup-passkeys / -passkey / -passkey-delete). */
export type PasskeysView =
  | { kind: 'loading' }
  /** No recent sign-in on this device proves who the person is (the server never takes the extension's word). */
  | { kind: 'needs-sign-in' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'list'; username: string; passkeys: PasskeyLine[]; removed?: { providerTold: ProviderTold } };

export interface PasskeyLine {
  credentialId: string;
  provider: string;
  created: string;
  lastUsed: string;
  /** "This device" when it was made or last used here (the device pseudonym the server compared). */
  thisDevice: boolean;
}

const OS_NAMES: Record<ManagedPasskey['createdOn']['os'], string> = {
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
  chromeos: 'ChromeOS',
  android: 'Android',
  ios: 'iOS',
  other: 'another system',
};

function deviceName(device: ManagedPasskey['createdOn'], here: boolean): string {
  return here ? 'this device' : `${device.browser} on ${OS_NAMES[device.os]}${device.mobile ? ' (mobile)' : ''}`;
}

export function passkeyLine(passkey: ManagedPasskey, formatDate: (iso: string) => string): PasskeyLine {
  return {
    credentialId: passkey.credentialId,
    provider: `${passkey.provider === 'unknown provider' ? 'Passkey' : passkey.provider}${passkey.synced ? ' (synced)' : ''}`,
    created: `Created ${formatDate(passkey.createdAt)} on ${deviceName(passkey.createdOn, passkey.createdHere)}`,
    lastUsed:
      passkey.lastUsedAt === null
        ? 'Not used to sign in yet'
        : `Last used ${formatDate(passkey.lastUsedAt)}${passkey.lastUsedOn === null ? '' : ` on ${deviceName(passkey.lastUsedOn, passkey.lastUsedHere)}`}`,
    thisDevice: passkey.createdHere || passkey.lastUsedHere,
  };
}

/**
 * The background's reply to a popup message, checked at this boundary, as a view. A failure
 * (server down, refused) is said plainly; nothing here throws.
 */
export function passkeysView(reply: unknown, formatDate: (iso: string) => string): PasskeysView {
  const envelope = typeof reply === 'object' && reply !== null && 'ok' in reply ? reply : undefined;
  if (envelope?.ok === true && 'value' in envelope) {
    const parsed = popupPasskeysReplySchema.safeParse(envelope.value);
    if (parsed.success) {
      const value = parsed.data;
      if (value.status === 'needs-sign-in') return { kind: 'needs-sign-in' };
      return {
        kind: 'list',
        username: value.username,
        passkeys: value.passkeys.map((passkey) => passkeyLine(passkey, formatDate)),
        ...(value.removed === undefined ? {} : { removed: { providerTold: value.providerTold } }),
      };
    }
  }
  const failed = backgroundFailureSchema.safeParse(reply);
  if (failed.success && failed.data.code === 'manage_session_invalid') return { kind: 'needs-sign-in' };
  return { kind: 'unavailable', message: 'Your passkeys can’t be shown right now. Try again in a moment.' };
}

/** The two questions the popup asks the background about the tab's site. */
export function passkeysClient(send: (message: PopupMessage) => Promise<unknown>, tabId: number, formatDate: (iso: string) => string) {
  const ask = async (message: PopupMessage) => passkeysView(await send(message).catch(() => undefined), formatDate);
  return {
    list: () => ask({ type: 'passkeys-list', tabId }),
    remove: (credentialId: string) => ask({ type: 'passkeys-delete', tabId, credentialId }),
  };
}
export type PasskeysClient = ReturnType<typeof passkeysClient>;

export function describeProviderTold(told: ProviderTold): string {
  switch (told) {
    case 'sent':
      return 'Removed. Your passkey provider was told too, so it stops offering it here.';
    case 'unsupported':
      return 'Removed from your account. This browser can’t tell your passkey provider: delete it there too.';
    case 'failed':
      return 'Removed from your account. Your passkey provider couldn’t be told: delete it there too.';
    default: {
      const unreachable: never = told;
      return unreachable;
    }
  }
}
