import type { AcceptedCredentialsSignal } from '@pkc/shared';
import type { FlowDeps } from './flowDeps.ts';

/**
 * Keeps the user's passkey provider in step with the server (ARCHITECTURE §5, WebAuthn Signal
 * API), where the browser supports it: after a successful login the provider learns every
 * credential id the server still accepts for this user, so a passkey
 * deleted on the server stops being offered. Only when the server sent the list. Never fails
 * the flow: the bridge bounds the call and errors are dropped.
 */
export async function signalAcceptedCredentials(
  deps: Pick<FlowDeps, 'bridge'>,
  rpId: string,
  signal: AcceptedCredentialsSignal | undefined,
): Promise<void> {
  if (signal === undefined) return;
  await deps.bridge
    .signalAcceptedCredentials({ rpId, userId: signal.userId, allAcceptedCredentialIds: signal.acceptedCredentialIds })
    .catch(() => undefined);
  // The account's current names too (a renamed account shows its new name in the provider).
  if (signal.name === undefined) return;
  await deps.bridge
    .signalCurrentUserDetails({ rpId, userId: signal.userId, name: signal.name, displayName: signal.displayName ?? signal.name })
    .catch(() => undefined);
}

/** The server doesn't know the credential the provider offered: tell the provider (Signal API). */
export async function signalUnknownCredential(deps: Pick<FlowDeps, 'bridge'>, rpId: string, credentialId: string): Promise<void> {
  await deps.bridge.signalUnknownCredential({ rpId, credentialId }).catch(() => undefined);
}
