import { SiteCounters } from '../../src/stats/siteCounters.ts';
import type { ClientSignals, CreationOptions, RequestOptions } from '@pkc/shared';
import type { Clock } from '../../src/clock.ts';
import { startAppend, finishAppend, declineAppend } from '../../src/ceremonies/append.ts';
import { Ceremonies } from '../../src/ceremonies/ceremonies.ts';
import type { CeremonyDeps } from '../../src/ceremonies/deps.ts';
import { finishLogin, reportLoginFailure, startLogin } from '../../src/ceremonies/login.ts';
import { memorySharedState } from '../../src/sharedState/memorySharedState.ts';
import type { SiteRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/Store.ts';
import { SoftAuthenticator } from '../../src/testing/softAuthenticator.ts';
import { AppendGrants } from '../../src/tokens/appendGrants.ts';
import { KeyRing } from '../../src/tokens/keyRing.ts';
import { createTokenSigner, LOGIN_TOKEN_TTL_S } from '../../src/tokens/loginTokens.ts';
import { PROVIDER_PROFILES, type ProviderId } from '../world/model.ts';
import type { AppendPrompt, Companion, LoginPrompt, SiteUser } from './Companion.ts';
import { SIMULATED_ORIGIN } from './simulatedSite.ts';

/*
 * The server's own ceremonies (startLogin/finishLogin/reportLoginFailure, startAppend/
 * finishAppend/declineAppend) over a Store, with one software authenticator per provider
 * signing real assertions and attestations. Exactly the server's path, crypto included, and
 * so ~1 ms a login: the engine strategy only (the ceremonies call the engine), used by
 * `npm run sim -- --ceremonies` and by sim.test.ts to hold the decision-layer companion to it.
 */

/** The simulation mints a grant after every login of every person: no mint limit applies. */
const UNLIMITED_GRANTS = { outstandingPerSite: 1_000_000, mintsPerSite: { capacity: 1_000_000_000, windowMs: 1_000 } };

export class CeremonyCompanion implements Companion {
  private readonly options = new Map<string, RequestOptions | CreationOptions>();
  private readonly authenticators = new Map<ProviderId, SoftAuthenticator>();
  /** Which provider's authenticator holds each credential. */
  private readonly holders = new Map<string, ProviderId>();

  private constructor(
    private readonly deps: CeremonyDeps,
    private readonly site: SiteRecord,
  ) {
    for (const [provider, profile] of Object.entries(PROVIDER_PROFILES) as [ProviderId, (typeof PROVIDER_PROFILES)[ProviderId]][]) {
      const flags = { backupEligible: profile.backupEligible, backedUp: profile.backupEligible };
      this.authenticators.set(
        provider,
        new SoftAuthenticator(flags, { aaguid: profile.aaguid, transports: profile.transports, attachment: 'platform' }),
      );
    }
  }

  static async open(store: Store, clock: Clock, site: SiteRecord): Promise<CeremonyCompanion> {
    const shared = memorySharedState(clock);
    const keys = await KeyRing.open(store, clock, LOGIN_TOKEN_TTL_S * 1000);
    const deps: CeremonyDeps = {
      store,
      clock,
      ceremonies: new Ceremonies(shared),
      grants: new AppendGrants(shared, UNLIMITED_GRANTS),
      signer: createTokenSigner(keys, 'https://companion.example', clock),
      counters: new SiteCounters(store, clock),
    };
    return new CeremonyCompanion(deps, site);
  }

  private optionsOf(attempt: string): RequestOptions | CreationOptions {
    const options = this.options.get(attempt);
    this.options.delete(attempt);
    if (options === undefined) throw new Error(`no ceremony ${attempt}`);
    return options;
  }

  private authenticator(provider: ProviderId): SoftAuthenticator {
    const authenticator = this.authenticators.get(provider);
    if (authenticator === undefined) throw new Error(`no authenticator for ${provider}`);
    return authenticator;
  }

  async loginStart(username: string, client: ClientSignals): Promise<LoginPrompt> {
    const reply = await startLogin(this.deps, { siteId: this.site.id, origin: SIMULATED_ORIGIN, username, client });
    if (reply.decision === 'password')
      return { decision: 'password', reasonCode: reply.reason.code, allowCredentialIds: [], attempt: '', immediate: false };
    const { ceremonyId, options } = reply.ceremony;
    this.options.set(ceremonyId, options);
    return {
      decision: reply.decision,
      reasonCode: reply.reason.code,
      allowCredentialIds: (options.allowCredentials ?? []).map((c) => c.id),
      attempt: ceremonyId,
      immediate: reply.decision === 'passkey' && reply.mediation === 'immediate',
    };
  }

  async loginSucceeded(prompt: LoginPrompt, credentialId: string, attachment: 'platform' | 'cross-platform'): Promise<void> {
    const options = this.optionsOf(prompt.attempt);
    if (!('allowCredentials' in options)) throw new Error('a login ceremony with creation options');
    const provider = this.holders.get(credentialId);
    if (provider === undefined) throw new Error(`no authenticator holds ${credentialId}`);
    const response = this.authenticator(provider).get(options, SIMULATED_ORIGIN, { credentialId, attachment });
    await finishLogin(this.deps, { ceremonyId: prompt.attempt, origin: SIMULATED_ORIGIN, response });
  }

  async loginFailed(prompt: LoginPrompt, errorName: string): Promise<void> {
    this.options.delete(prompt.attempt);
    await reportLoginFailure(this.deps, { ceremonyId: prompt.attempt, origin: SIMULATED_ORIGIN, errorName });
  }

  async appendStart(user: SiteUser, client: ClientSignals): Promise<AppendPrompt> {
    const { grant } = await this.deps.grants.mint(this.site.id, user);
    const reply = await startAppend(this.deps, { siteId: this.site.id, origin: SIMULATED_ORIGIN, grant, client });
    if (reply.decision === 'skip') return { decision: 'skip', reasonCode: reply.reason.code };
    this.options.set(reply.ceremony.ceremonyId, reply.ceremony.options);
    return { decision: 'offer', variant: reply.variant, attempt: reply.ceremony.ceremonyId };
  }

  async appendCreated(prompt: AppendPrompt & { decision: 'offer' }, provider: ProviderId): Promise<string> {
    const options = this.optionsOf(prompt.attempt);
    if (!('rp' in options)) throw new Error('an append ceremony with request options');
    const response = this.authenticator(provider).create(options, SIMULATED_ORIGIN);
    const { credentialId } = await finishAppend(this.deps, { ceremonyId: prompt.attempt, origin: SIMULATED_ORIGIN, response });
    this.holders.set(credentialId, provider);
    return credentialId;
  }

  async appendDeclined(prompt: AppendPrompt & { decision: 'offer' }, choice: 'skip' | 'never'): Promise<void> {
    this.options.delete(prompt.attempt);
    await declineAppend(this.deps, { ceremonyId: prompt.attempt, origin: SIMULATED_ORIGIN, choice });
  }
}
