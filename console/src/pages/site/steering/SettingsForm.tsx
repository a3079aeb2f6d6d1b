import { useState } from 'preact/hooks';
import { siteSettingsBodySchema, type ConsoleSiteReply } from '@pkc/shared';
import type { ConsoleApi } from '../../../api/consoleApi.ts';
import { SiteLocationFields } from '../../../components/SiteLocationFields.tsx';
import { FormStatus } from '../../../components/FormStatus.tsx';
import { linesOf } from '../../../forms/textInput.ts';
import { useSubmission } from '../../../hooks/useSubmission.ts';

const FIELDS = ['origins', 'loginCallback'] as const;

interface SettingsFormProps {
  api: ConsoleApi;
  site: ConsoleSiteReply;
  onSaved: (site: ConsoleSiteReply) => void;
}

/** Where the site lives: its origins (under its RP ID) and the URL a passkey login lands on. */
export function SettingsForm({ api, site, onSaved }: SettingsFormProps) {
  // The origins waiting for their proof are the owner's choice too: they stay in the list.
  const allOrigins = (of: ConsoleSiteReply) => [...of.origins, ...(of.pendingOrigins ?? [])].join('\n');
  const [origins, setOrigins] = useState(() => allOrigins(site));
  const [loginCallback, setLoginCallback] = useState(site.loginCallback);
  const submission = useSubmission(FIELDS);

  const save = (event: Event) => {
    event.preventDefault();
    void submission.submit(siteSettingsBodySchema, { origins: linesOf(origins), loginCallback: loginCallback.trim() }, async (settings) => {
      const saved = await api.putSettings(site.siteId, settings);
      setOrigins(allOrigins(saved));
      setLoginCallback(saved.loginCallback);
      onSaved(saved);
    });
  };

  return (
    <form
      class="panel"
      onSubmit={save}
      onInput={submission.edited}
      noValidate
      aria-labelledby="settings-heading"
      data-testid="console-settings-form"
    >
      <h3 id="settings-heading">Where the site lives</h3>
      <SiteLocationFields
        origins={origins}
        onOrigins={setOrigins}
        loginCallback={loginCallback}
        onLoginCallback={setLoginCallback}
        errors={submission.fieldErrors}
        originsHint={
          <>
            One per line. Each must be under <code>{site.rpId}</code>, the site's passkey domain. A new origin joins once it serves the
            site's proof (shown above when saved).
          </>
        }
        originsRows={Math.max(3, site.origins.length + 1)}
      />
      <button type="submit" data-testid="console-save-settings" disabled={submission.busy}>
        {submission.busy ? 'Saving…' : 'Save settings'}
      </button>
      <FormStatus state={submission.state} />
    </form>
  );
}
