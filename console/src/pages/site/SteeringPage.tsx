import type { ConsoleSiteReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { PolicyForm } from './steering/PolicyForm.tsx';
import { RotateSecretForm } from './steering/RotateSecretForm.tsx';
import { SettingsForm } from './steering/SettingsForm.tsx';

interface SteeringPageProps {
  api: ConsoleApi;
  site: ConsoleSiteReply;
  onSiteChanged: (site: ConsoleSiteReply) => void;
}

/** What an owner can change: how Passkey Intelligence behaves, where the site lives, and its secret. */
export function SteeringPage({ api, site, onSiteChanged }: SteeringPageProps) {
  usePageTitle(`${site.name} · Steering`);
  return (
    <>
      <h2>Steering</h2>
      <p class="hint">Changes apply at once, and each one is written to the audit list.</p>
      <PolicyForm api={api} site={site} onSaved={onSiteChanged} />
      <SettingsForm api={api} site={site} onSaved={onSiteChanged} />
      <RotateSecretForm api={api} site={site} />
    </>
  );
}
