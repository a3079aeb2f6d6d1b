import { useState } from 'preact/hooks';
import { describeAppendState } from './appendState.ts';
import type { PasskeysClient } from './passkeyList.ts';
import { describeDecision, type PopupModel } from './popupModel.ts';
import { YourPasskeys } from './YourPasskeys.tsx';

export interface PopupProps {
  model: PopupModel;
  openOptions: () => void;
  /** "Reset for this site": fresh device pseudonym + local records cleared (siteReset.ts). */
  resetSite: (siteId: string) => Promise<void>;
  /** The tab's site's passkeys, through the background (absent when the popup isn't about a tab). */
  passkeys?: PasskeysClient | undefined;
}

/** The toolbar popup (ARCHITECTURE §3, §4 F6). Test ids: pkc-popup-*. */
export function Popup({ model, openOptions, resetSite, passkeys }: PopupProps) {
  const { site, server, lastDecision } = model;
  const [resetStatus, setResetStatus] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');
  const reset = (siteId: string) => {
    setResetStatus('busy');
    resetSite(siteId).then(
      () => setResetStatus('done'),
      () => setResetStatus('failed'),
    );
  };
  return (
    <main class="popup">
      <h1>Passkey Companion</h1>
      {model.signalOverride !== undefined && (
        <p class="warning" role="alert" data-testid="pkc-popup-override-warning">
          Test mode: this browser’s device signals are overridden ({Object.keys(model.signalOverride).join(', ')}). Passkey decisions here
          don’t reflect the real device.
        </p>
      )}
      <section data-testid="pkc-popup-site">
        {site.kind === 'partner' ? (
          <p>
            <strong>{site.partner.name}</strong> is a partner site. Passkeys work here.
          </p>
        ) : (
          <p>{site.origin === undefined ? 'This page is not a website.' : `${new URL(site.origin).host} is not a partner site.`}</p>
        )}
      </section>
      {lastDecision !== undefined && (
        <section>
          <p data-testid="pkc-popup-decision">{describeDecision(lastDecision)}</p>
          <p class="reason" data-testid="pkc-popup-reason">
            {lastDecision.reason.message}
          </p>
        </section>
      )}
      {site.kind === 'partner' && passkeys !== undefined && <YourPasskeys client={passkeys} siteName={site.partner.name} />}
      {site.kind === 'partner' && model.appendState !== undefined && (
        <section>
          <p data-testid="pkc-popup-append-state">{describeAppendState(model.appendState)}</p>
          <button type="button" data-testid="pkc-popup-reset" disabled={resetStatus === 'busy'} onClick={() => reset(site.partner.siteId)}>
            Reset for this site
          </button>
          <p class="hint">
            {site.partner.name} will see this browser as a new device: offers you skipped or turned down here can appear again, and this
            device’s passkey history starts over. Your passkeys stay as they are.
          </p>
          {resetStatus === 'done' && (
            <p class="ok" role="status" data-testid="pkc-popup-reset-done">
              Reset. {site.partner.name} now sees this browser as a new device.
            </p>
          )}
          {resetStatus === 'failed' && (
            <p class="error" role="status">
              The reset didn’t work. Try again.
            </p>
          )}
        </section>
      )}
      <section data-testid="pkc-popup-server">
        <p class="server">
          Companion server <code>{model.serverUrl}</code>:{' '}
          {server.status === 'connected'
            ? `connected (checked ${new Date(server.checkedAt).toLocaleTimeString()})`
            : server.status === 'unreachable'
              ? 'unreachable — sites work with their passwords as usual'
              : 'not checked yet'}
        </p>
      </section>
      <button type="button" onClick={openOptions}>
        Settings
      </button>
    </main>
  );
}
