import { ORIGIN_PROOF_PATH, type ConsoleSiteReply, type OriginProof as OriginProofBody } from '@pkc/shared';
import type { ConsoleApi } from '../api/consoleApi.ts';
import { ConsoleApiError } from '../api/ConsoleApiError.ts';
import { useSubmission } from '../hooks/useSubmission.ts';
import { Copyable } from './Copyable.tsx';
import { FormStatus } from './FormStatus.tsx';

interface OriginProofProps {
  api: ConsoleApi;
  siteId: string;
  /** The origins that must serve it. */
  origins: readonly string[];
  /** True for origins added to a live site (it stays live meanwhile); false for a site not live yet. */
  newOrigins: boolean;
  proof: OriginProofBody;
  onVerified: (site: ConsoleSiteReply) => void;
}

/**
 * A site registered by its owner stays inactive until each origin serves the proof, and an
 * origin added to a live site waits for it too: this shows the exact JSON and where, and asks
 * the server to check (a 409 names what it found missing).
 */
export function OriginProof({ api, siteId, origins, newOrigins, proof, onVerified }: OriginProofProps) {
  const submission = useSubmission([]);
  const verify = () =>
    void submission.run(async () => {
      const site = await api.verifySite(siteId);
      // The server answers 409 when a proof is missing; a 200 with something still waiting is not "verified" either.
      if (!site.active || site.originProof !== undefined)
        throw new ConsoleApiError(
          'origin_unverified',
          'The site is still inactive. Check that each origin serves the JSON, then try again.',
        );
      onVerified(site);
    });
  return (
    <section class="notice" aria-labelledby="origin-proof-heading">
      <h2 id="origin-proof-heading">{newOrigins ? 'Prove the new origins are yours' : 'Prove the site is yours'}</h2>
      <p>
        {newOrigins
          ? 'The site works as before on its other origins; these join it (passkey logins, offers) once each serves this JSON:'
          : 'The site stays inactive (no passkey logins, no offers) until each of its origins serves this JSON:'}
      </p>
      <Copyable value={JSON.stringify(proof, null, 2)} testId="console-origin-proof" label="the origin proof" block />
      <p>at</p>
      <ul>
        {origins.map((origin) => (
          <li key={origin}>
            <code>{`${origin}${ORIGIN_PROOF_PATH}`}</code>
          </li>
        ))}
      </ul>
      <p class="hint">Served as application/json, with no redirect. Then:</p>
      <button type="button" data-testid="console-verify-origins" disabled={submission.busy} onClick={verify}>
        {submission.busy ? 'Checking…' : 'Verify origins'}
      </button>
      <FormStatus state={submission.state} savedText={newOrigins ? 'Verified: the new origins are live.' : 'Verified: the site is live.'} />
    </section>
  );
}
