import { useState } from 'preact/hooks';
import { consoleSiteRegistrationSchema, type ConsoleSiteReply, type SiteCreatedReply } from '@pkc/shared';
import type { ConsoleApi } from '../api/consoleApi.ts';
import { Copyable } from '../components/Copyable.tsx';
import { TextField } from '../components/Field.tsx';
import { SiteLocationFields } from '../components/SiteLocationFields.tsx';
import { FormStatus } from '../components/FormStatus.tsx';
import { OriginProof } from '../components/OriginProof.tsx';
import { linesOf } from '../forms/textInput.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useSubmission } from '../hooks/useSubmission.ts';
import { routeHref } from '../router.ts';

const FIELDS = ['name', 'origins', 'loginCallback'] as const;

interface RegisterSitePageProps {
  api: ConsoleApi;
  /** The session's site list changed: fetch it again (the switcher shows the new site). */
  refreshSession: () => void;
}

/** Self-service: a new site, inactive until its origins prove it's the registrant's. */
export function RegisterSitePage({ api, refreshSession }: RegisterSitePageProps) {
  usePageTitle('Register a site');
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [loginCallback, setLoginCallback] = useState('');
  const [created, setCreated] = useState<{ reply: SiteCreatedReply; origins: string[] } | undefined>(undefined);
  const [verified, setVerified] = useState<ConsoleSiteReply | undefined>(undefined);
  const submission = useSubmission(FIELDS);

  const register = (event: Event) => {
    event.preventDefault();
    const candidate = { name, origins: linesOf(origins), loginCallback: loginCallback.trim() };
    void submission.submit(consoleSiteRegistrationSchema, candidate, async (body) => {
      setCreated({ reply: await api.registerSite(body), origins: body.origins });
      refreshSession();
    });
  };

  if (created !== undefined) {
    const { reply } = created;
    return (
      <main class="page">
        <h1>{name.trim()} is registered</h1>
        <section aria-labelledby="secret-heading">
          <h2 id="secret-heading">The site secret</h2>
          <p class="warning">Copy it now; it won't be shown again. Your site's backend uses it to call the companion server.</p>
          <Copyable value={reply.secret} testId="console-new-secret" label="the site secret" />
        </section>
        {verified?.active === true ? (
          <p class="form-saved" role="status">
            The site is live. <a href={routeHref({ page: 'site', siteId: reply.siteId, tab: 'analytics' })}>Go to its analytics</a>
          </p>
        ) : reply.originProof === undefined ? (
          <p>
            <a href={routeHref({ page: 'site', siteId: reply.siteId, tab: 'analytics' })}>Go to the site</a>
          </p>
        ) : (
          <OriginProof
            api={api}
            siteId={reply.siteId}
            origins={created.origins}
            newOrigins={false}
            proof={reply.originProof}
            onVerified={(site) => {
              setVerified(site);
              refreshSession();
            }}
          />
        )}
      </main>
    );
  }

  return (
    <main class="page narrow">
      <h1>Register a site</h1>
      <form onSubmit={register} noValidate onInput={submission.edited}>
        <TextField
          name="name"
          label="Site name"
          hint="As people see it, e.g. Shop."
          value={name}
          onValue={setName}
          error={submission.fieldErrors['name']}
        />
        <SiteLocationFields
          origins={origins}
          onOrigins={setOrigins}
          loginCallback={loginCallback}
          onLoginCallback={setLoginCallback}
          errors={submission.fieldErrors}
          originsHint="One per line, e.g. https://shop.example — where the site's login page lives."
          loginCallbackHint="Where a passkey login lands with its token, e.g. https://shop.example/passkey-login."
          originsRows={3}
        />
        <button type="submit" data-testid="console-register-submit" disabled={submission.busy}>
          {submission.busy ? 'Registering…' : 'Register the site'}
        </button>
        <FormStatus state={submission.state} />
      </form>
    </main>
  );
}
