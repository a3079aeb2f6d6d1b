import { useEffect, useState } from 'preact/hooks';
import { describeProviderTold, type PasskeysClient, type PasskeysView } from './passkeyList.ts';

/**
 * The current partner site's passkeys of the signed-in account, with delete (issue 14, item 4).
 * Test ids: pkc-popup-passkeys, pkc-popup-passkey, pkc-popup-passkey-delete.
 */
export function YourPasskeys({ client, siteName }: { client: PasskeysClient; siteName: string }) {
  const [view, setView] = useState<PasskeysView>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | undefined>(undefined);
  useEffect(() => {
    void client.list().then(setView);
  }, [client]);
  const remove = (credentialId: string) => {
    setBusy(credentialId);
    void client
      .remove(credentialId)
      .then(setView)
      .finally(() => setBusy(undefined));
  };
  return (
    <section data-testid="pkc-popup-your-passkeys">
      <h2>Your passkeys</h2>
      {view.kind === 'loading' && <p>Loading…</p>}
      {view.kind === 'needs-sign-in' && (
        <p data-testid="pkc-popup-passkeys-sign-in">
          To see and remove your passkeys for {siteName}, sign in to {siteName} again: the list needs a sign-in from the last few minutes.
        </p>
      )}
      {view.kind === 'unavailable' && <p class="error">{view.message}</p>}
      {view.kind === 'list' && (
        <>
          <p>
            Signed in as <strong>{view.username}</strong>.
          </p>
          {view.removed !== undefined && (
            <p class="ok" role="status" data-testid="pkc-popup-passkey-removed">
              {describeProviderTold(view.removed.providerTold)}
            </p>
          )}
          {view.passkeys.length === 0 ? (
            <p data-testid="pkc-popup-passkeys-empty">No passkeys for {siteName} yet.</p>
          ) : (
            <ul class="passkeys" data-testid="pkc-popup-passkeys">
              {view.passkeys.map((passkey) => (
                <li key={passkey.credentialId} data-testid="pkc-popup-passkey" data-credential-id={passkey.credentialId}>
                  <strong>{passkey.provider}</strong>
                  {passkey.thisDevice && <span class="badge"> · this device</span>}
                  <br />
                  <span class="hint">{passkey.created}</span>
                  <br />
                  <span class="hint">{passkey.lastUsed}</span>
                  <br />
                  <button
                    type="button"
                    data-testid="pkc-popup-passkey-delete"
                    disabled={busy !== undefined}
                    onClick={() => remove(passkey.credentialId)}
                  >
                    {busy === passkey.credentialId ? 'Removing…' : 'Remove'}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
