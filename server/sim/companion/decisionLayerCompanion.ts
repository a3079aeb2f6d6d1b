import type { ClientSignals } from '@pkc/shared';
import { isoAt, type Clock } from '../../src/clock.ts';
import { decisionInput, loadUserRecords } from '../../src/ceremonies/decisionInput.ts';
import { deviceSeen, eventRecord, recordEvent } from '../../src/ceremonies/events.ts';
import { appendContext, loginSuccessDetail } from '../../src/ceremonies/loginOutcome.ts';
import { IMMEDIATE_NONE } from '../../src/intelligence/history.ts';
import type { SiteRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/Store.ts';
import type { Strategy } from '../strategies.ts';
import { PROVIDER_PROFILES, type ProviderId } from '../world/model.ts';
import type { AppendPrompt, Companion, LoginPrompt, SiteUser } from './Companion.ts';

/*
 * The server one layer under its ceremonies (server/src/ceremonies/login.ts, append.ts): the
 * same record loading (loadUserRecords, decisionInput), the strategy's decide functions where
 * the ceremonies call the engine's, and the same records written through the same helpers
 * (eventRecord, deviceSeen, loginSuccessDetail, appendContext). What it leaves out is the
 * WebAuthn crypto (options, signatures, attestation), ~1 ms a login, which decides nothing
 * the engine sees. sim.test.ts checks it against the real ceremonies, figure for figure.
 */

type Pending =
  | { kind: 'login'; userId: string; client: ClientSignals; crossDevice: boolean; immediate: boolean }
  | { kind: 'append'; userId: string; client: ClientSignals; variant: string };

export class DecisionLayerCompanion implements Companion {
  private readonly pending = new Map<string, Pending>();
  private attempts = 0;
  private credentials = 0;
  /** What the event helpers take. */
  private readonly deps: { store: Store; clock: Clock };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly site: SiteRecord,
    private readonly strategy: Strategy,
  ) {
    this.deps = { store, clock };
  }

  private take<K extends Pending['kind']>(attempt: string, kind: K): Extract<Pending, { kind: K }> {
    const pending = this.pending.get(attempt);
    this.pending.delete(attempt);
    if (pending?.kind !== kind) throw new Error(`no pending ${kind} ${attempt}`);
    return pending as Extract<Pending, { kind: K }>;
  }

  private newAttempt(pending: Pending): string {
    this.attempts += 1;
    const attempt = `attempt-${this.attempts}`;
    this.pending.set(attempt, pending);
    return attempt;
  }

  async loginStart(username: string, client: ClientSignals): Promise<LoginPrompt> {
    const user = await this.store.findUserByUsername(this.site.id, username);
    const records = await loadUserRecords(this.store, this.site.id, user?.userId, { historyOnlyWithPasskeys: true });
    const verdict = this.strategy.decideLogin(decisionInput(this.site, client, records, this.clock.now()));
    if (verdict.decision === 'password' || user === undefined) {
      return { decision: 'password', reasonCode: verdict.reason.code, allowCredentialIds: [], attempt: '', immediate: false };
    }
    const crossDevice = verdict.decision === 'hybrid';
    // As startLogin: an immediate check's options allow no credential in particular (any of the
    // site's passkeys held here answers), and its finish accepts any of the user's.
    const immediate = verdict.decision === 'passkey' && verdict.immediate === true;
    const attempt = this.newAttempt({ kind: 'login', userId: user.userId, client, crossDevice, immediate });
    return {
      decision: verdict.decision,
      reasonCode: verdict.reason.code,
      allowCredentialIds: immediate ? [] : verdict.allowCredentialIds,
      attempt,
      immediate,
    };
  }

  async loginSucceeded(prompt: LoginPrompt, credentialId: string, attachment: 'platform' | 'cross-platform'): Promise<void> {
    const ceremony = this.take(prompt.attempt, 'login');
    // As finishLogin: a phone's (cross-device) use is no use of this device.
    const crossDevice = ceremony.crossDevice || attachment === 'cross-platform';
    const success = eventRecord(this.clock, {
      siteId: this.site.id,
      userId: ceremony.userId,
      type: 'login-success',
      client: ceremony.client,
      detail: loginSuccessDetail(ceremony.crossDevice, attachment),
    });
    const written = await this.store.updateCredential(
      credentialId,
      (current) => ({
        ...current,
        counter: current.counter + 1,
        lastUsedAt: isoAt(this.clock),
        lastUsedOn: crossDevice ? current.lastUsedOn : deviceSeen(ceremony.client),
      }),
      success,
    );
    if (written === undefined) throw new Error(`login with unknown credential ${credentialId}`);
  }

  async loginFailed(prompt: LoginPrompt, errorName: string): Promise<void> {
    const ceremony = this.take(prompt.attempt, 'login');
    // As reportLoginFailure: NotAllowedError after an immediate check is "none here", its own
    // outcome, never a failure toward heal.
    const noneHere = ceremony.immediate && errorName === 'NotAllowedError';
    await recordEvent(this.deps, {
      siteId: this.site.id,
      userId: ceremony.userId,
      type: 'login-failure',
      client: ceremony.client,
      detail: noneHere ? IMMEDIATE_NONE : errorName,
    });
  }

  async appendStart(user: SiteUser, client: ClientSignals): Promise<AppendPrompt> {
    // As upsertUser: the grant creates the user record (names never change in the simulation).
    if ((await this.store.getUser(this.site.id, user.userId)) === undefined) {
      await this.store.putUser({
        siteId: this.site.id,
        userId: user.userId,
        username: user.username,
        displayName: user.username,
        webauthnUserId: Buffer.from(`handle-${user.userId}`).toString('base64url'),
        createdAt: isoAt(this.clock),
      });
    }
    const records = await loadUserRecords(this.store, this.site.id, user.userId);
    const now = this.clock.now();
    const verdict = this.strategy.decideAppend({
      ...decisionInput(this.site, client, records, now),
      context: appendContext(records.events, client.devicePseudonym, now),
    });
    if (verdict.decision === 'skip') return { decision: 'skip', reasonCode: verdict.reason.code };
    await recordEvent(this.deps, { siteId: this.site.id, userId: user.userId, type: 'append-offer', client, detail: verdict.variant });
    return {
      decision: 'offer',
      variant: verdict.variant,
      attempt: this.newAttempt({ kind: 'append', userId: user.userId, client, variant: verdict.variant }),
    };
  }

  async appendCreated(prompt: AppendPrompt & { decision: 'offer' }, provider: ProviderId): Promise<string> {
    const ceremony = this.take(prompt.attempt, 'append');
    const profile = PROVIDER_PROFILES[provider];
    this.credentials += 1;
    const id = Buffer.from(`simulated-credential-${this.credentials}`).toString('base64url');
    // The fields finishAppend stores; the public key is a stand-in, nothing verifies here.
    await this.store.putCredential({
      id,
      siteId: this.site.id,
      userId: ceremony.userId,
      publicKey: Buffer.from('not a key').toString('base64url'),
      counter: 0,
      transports: profile.transports,
      aaguid: profile.aaguid,
      backupEligible: profile.backupEligible,
      backedUp: profile.backupEligible,
      deviceType: profile.backupEligible ? 'multiDevice' : 'singleDevice',
      createdAt: isoAt(this.clock),
      createdOn: deviceSeen(ceremony.client),
      lastUsedAt: null,
      lastUsedOn: null,
    });
    await recordEvent(this.deps, {
      siteId: this.site.id,
      userId: ceremony.userId,
      type: 'append-create',
      client: ceremony.client,
      detail: ceremony.variant,
    });
    return id;
  }

  async appendDeclined(prompt: AppendPrompt & { decision: 'offer' }, choice: 'skip' | 'never'): Promise<void> {
    const ceremony = this.take(prompt.attempt, 'append');
    await recordEvent(this.deps, {
      siteId: this.site.id,
      userId: ceremony.userId,
      type: choice === 'skip' ? 'append-skip' : 'append-never',
      client: ceremony.client,
    });
  }
}
