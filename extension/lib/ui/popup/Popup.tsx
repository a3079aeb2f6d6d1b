import { describeDecision, type PopupModel } from './popupModel.ts';

export function Popup({ model, openOptions }: { model: PopupModel; openOptions: () => void }) {
  const { site, server, lastDecision } = model;
  return (
    <main class="popup">
      <h1>Passkey Companion</h1>
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
        <section data-testid="pkc-popup-decision">
          <p>{describeDecision(lastDecision)}</p>
          <p class="reason">{lastDecision.reason.message}</p>
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
