import type { ClientSignals } from '@pkc/shared';
import type { Clock } from '../src/clock.ts';
import { DEFAULT_POLICY } from '../src/intelligence/index.ts';
import { MemoryStore } from '../src/store/memoryStore.ts';
import type { SiteRecord } from '../src/store/records.ts';
import type { Store } from '../src/store/Store.ts';
import { BackoffCheck } from './backoffCheck.ts';
import type { Companion, LoginPrompt } from './companion/Companion.ts';
import { simulatedSite } from './companion/simulatedSite.ts';
import { Tally } from './metrics.ts';
import { Random } from './random.ts';
import { answerOffer, CANCEL_RATE, deviceForLogin, FOLLOWS_UNEXPECTED_QR } from './world/behaviour.ts';
import { liveOneDay } from './world/lifeEvents.ts';
import { activeDevices, PROVIDER_PROFILES, type Device, type Person } from './world/model.ts';
import type { Strategy } from './strategies.ts';
import { makePopulation } from './world/population.ts';
import { clientSignals } from './world/signals.ts';
import { answerPrompt, bestPossibleAnswer, holdsLocally, newPasskeyProvider, vaultFor, whyPromptFailed } from './world/truth.ts';

/*
 * One strategy through the simulated months: each day, life happens to each person, then
 * maybe a login on one of their devices — the server decides from the signals, the world
 * says what the prompt does, the person answers the offer that follows.
 */

export interface SimOptions {
  seed: number;
  people: number;
  days: number;
}

export type CompanionFactory = (store: Store, clock: Clock, site: SiteRecord) => Promise<Companion>;

const START = Date.UTC(2026, 0, 5, 8, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;
/** Time between two steps of one login (decision, prompt, offer): well inside the ceremony and append windows. */
const STEP_MS = 20_000;

/**
 * `strategy`: what the clients report (`reportsImmediateGet`); the decisions are the companion's
 * (for the decision layer, the same strategy's decide functions).
 */
export async function simulate(
  options: SimOptions,
  strategy: Pick<Strategy, 'reportsImmediateGet'>,
  companionFor: CompanionFactory,
): Promise<Tally> {
  let now = START;
  const clock: Clock = { now: () => now };
  const store = new MemoryStore();
  const site = simulatedSite(START);
  await store.putSite(site);
  const companion = await companionFor(store, clock, site);
  const people = makePopulation(options.seed, options.people);
  const tally = new Tally(options.people, options.days);
  const backoff = new BackoffCheck(DEFAULT_POLICY);
  const step = () => {
    now += STEP_MS;
    return now;
  };

  for (let day = 0; day < options.days; day += 1) {
    now = Math.max(now, START + day * DAY_MS);
    for (const person of people) {
      liveOneDay(options.seed, person, day);
      const script = Random.derive(options.seed, 4, person.index, day);
      if (!script.chance(person.loginRate)) continue;
      const device = deviceForLogin(person, script);
      const login = {
        seed: options.seed,
        day,
        person,
        device,
        companion,
        tally,
        backoff,
        step,
        client: clientSignals(device, strategy.reportsImmediateGet),
      };
      await signIn(login);
    }
  }
  tally.backoffViolations = backoff.violations;
  tally.usersWithPasskey = people.filter((person) =>
    person.passkeys.some((p) => activeDevices(person).some((d) => holdsLocally(d, p))),
  ).length;
  await store.close();
  return tally;
}

interface Login {
  seed: number;
  day: number;
  person: Person;
  device: Device;
  companion: Companion;
  tally: Tally;
  backoff: BackoffCheck;
  step(): number;
  /** What the extension sends about the device during this login. */
  client: ClientSignals;
}

async function signIn(login: Login): Promise<void> {
  const { person, device, companion, tally, client } = login;
  // Drawn whatever happens, so the same person answers the same way under every strategy.
  const choices = Random.derive(login.seed, 5, person.index, login.day);
  const cancels = choices.chance(CANCEL_RATE);
  const offerDraw = choices.next();
  const followsQr = choices.chance(FOLLOWS_UNEXPECTED_QR);

  login.step();
  let prompt = await companion.loginStart(person.username, client);
  let viaPasskey = false;
  if (prompt.immediate) {
    const found = await immediateCheck(login, prompt);
    if (found) {
      tally.login(login.day, true);
      await offerAfterLogin(login, offerDraw);
      return;
    }
    // "None here": the extension asks again at once and acts on the new decision. It checks
    // once per name entry, so another immediate decision would leave the password form.
    login.step();
    prompt = await companion.loginStart(person.username, client);
    if (prompt.immediate) prompt = { ...prompt, decision: 'password', allowCredentialIds: [], immediate: false };
  }
  if (prompt.decision === 'password') {
    const possible = bestPossibleAnswer(person, device);
    if (possible !== undefined) {
      tally.missed(
        `${prompt.reasonCode} ← ${possible.via === 'local' ? `${possible.passkey.provider} here` : `${possible.passkey.provider} on the phone`}`,
      );
    }
  } else {
    if (prompt.decision === 'hybrid') tally.hybridPrompts += 1;
    else tally.passkeyPrompts += 1;
    const allowed = person.passkeys.filter((p) => prompt.allowCredentialIds.includes(p.credentialId));
    const answer = answerPrompt(person, device, prompt.decision, allowed);
    const unexpectedQr = prompt.decision === 'passkey' && answer?.via === 'phone';
    login.step();
    if (answer !== undefined && !cancels && (!unexpectedQr || followsQr)) {
      await companion.loginSucceeded(prompt, answer.passkey.credentialId, answer.via === 'phone' ? 'cross-platform' : 'platform');
      viaPasskey = true;
      login.backoff.freshStart(device.pseudonym);
    } else {
      // "No passkey here" and "cancelled" are one error name on purpose (WebAuthn privacy).
      await companion.loginFailed(prompt, 'NotAllowedError');
      // Doomed: nothing could answer the prompt as it was put (a passkey prompt answerable
      // only by an unannounced phone counts: the prompt did not say to reach for one).
      if (answer === undefined || unexpectedQr)
        tally.doomed(`${prompt.decision} prompt: ${whyPromptFailed(person, device, prompt.decision, allowed)}`);
      else tally.cancelledPrompts += 1;
    }
  }
  // A failed prompt ends in the password form, which always works here.
  tally.login(login.day, viaPasskey);
  await offerAfterLogin(login, offerDraw);
}

/**
 * An immediate check (uiMode 'immediate'): no UI, so nothing to cancel and nothing doomed. The
 * browser answers from this device's own providers only (never a phone over hybrid), with any
 * of the site's passkeys held here (the options allow none in particular); true when one
 * signed the person in, false after "none here" was reported (NotAllowedError).
 */
async function immediateCheck(login: Login, prompt: LoginPrompt): Promise<boolean> {
  const { person, device, companion, tally } = login;
  tally.immediateChecks += 1;
  login.step();
  const here = person.passkeys.find((passkey) => holdsLocally(device, passkey));
  if (here !== undefined) {
    await companion.loginSucceeded(prompt, here.credentialId, 'platform');
    login.backoff.freshStart(device.pseudonym);
    return true;
  }
  tally.immediateNone += 1;
  await companion.loginFailed(prompt, 'NotAllowedError');
  return false;
}

async function offerAfterLogin(login: Login, draw: number): Promise<void> {
  const { person, device, companion, tally, backoff } = login;
  const at = login.step();
  const offer = await companion.appendStart({ userId: `user-${person.index}`, username: person.username }, login.client);
  if (offer.decision === 'skip') return;
  tally.offered(offer.variant);
  backoff.offered(device.pseudonym, at);
  login.step();
  const answer = answerOffer(person, offer.variant, draw);
  switch (answer) {
    case 'create': {
      const provider = newPasskeyProvider(device);
      if (provider === undefined) {
        // The browser refuses (NotSupportedError) and the offer just closes: nothing is recorded.
        tally.createsImpossible += 1;
        return;
      }
      const credentialId = await companion.appendCreated(offer, provider);
      person.passkeys.push({
        credentialId,
        provider,
        vault: vaultFor(device, provider),
        transports: PROVIDER_PROFILES[provider].transports,
        deleted: false,
      });
      tally.created += 1;
      if (offer.variant === 'heal') tally.healsCompleted += 1;
      backoff.freshStart(device.pseudonym);
      return;
    }
    case 'skip':
      await companion.appendDeclined(offer, 'skip');
      tally.skips += 1;
      backoff.skipped(device.pseudonym, at);
      return;
    case 'never':
      await companion.appendDeclined(offer, 'never');
      tally.nevers += 1;
      backoff.saidNever(device.pseudonym, at);
      return;
    default: {
      const unreachable: never = answer;
      throw new Error(`unhandled offer answer ${String(unreachable)}`);
    }
  }
}
