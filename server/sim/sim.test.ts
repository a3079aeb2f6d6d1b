import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/intelligence/index.ts';
import { BackoffCheck } from './backoffCheck.ts';
import { CeremonyCompanion } from './companion/ceremonyCompanion.ts';
import { DecisionLayerCompanion } from './companion/decisionLayerCompanion.ts';
import { simulate, type SimOptions } from './loop.ts';
import { figures, type Tally } from './metrics.ts';
import { reportJson } from './report.ts';
import { runStrategies } from './runStrategies.ts';
import { ENGINE } from './strategies.ts';

/*
 * The simulator at a small size: its figures must add up, repeat for a seed, and tell the
 * strategies apart the way the world implies. Never timing, never the default-world targets
 * (those are for docs/intelligence-sim.md, measured at the default size).
 */

const SMALL: SimOptions = { seed: 7, people: 80, days: 100 };
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** Every count of a tally, the breakdowns included: what two runs must agree on. */
const everything = (tally: Tally) =>
  JSON.stringify({ ...tally, doomedBy: [...tally.doomedBy].sort(), missedBy: [...tally.missedBy].sort() });

describe('population simulator', async () => {
  const results = await runStrategies(SMALL, false);
  const of = (name: Parameters<typeof results.get>[0]) => {
    const tally = results.get(name);
    if (tally === undefined) throw new Error(`no results for ${name}`);
    return tally;
  };

  it('runs every strategy on the same script of logins', () => {
    const logins = [...results.values()].map((t) => t.logins);
    expect(logins[0]).toBeGreaterThan(500);
    expect(new Set(logins).size).toBe(1);
  });

  it.each([...results.keys()])('%s: rates are within [0, 1] and counts add up', (name) => {
    const tally = of(name);
    const f = figures(tally);
    // The share is measured only for days the run reached.
    expect(f.passkeyLoginShare['180']).toBeNull();
    const shares = [f.passkeyLoginShare['30'], f.passkeyLoginShare['90']];
    for (const rate of [f.doomedPromptRate, f.missedPasskeyRate, f.usersWithPasskeyShare, ...shares]) {
      expect(rate).toBeTypeOf('number');
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    // Every prompt signs in, is doomed, or is cancelled by the person.
    expect(tally.passkeyPrompts + tally.hybridPrompts).toBe(tally.passkeyLogins + tally.doomedPrompts + tally.cancelledPrompts);
    expect(sum(tally.daily.map(([logins]) => logins))).toBe(tally.logins);
    expect(sum(tally.daily.map(([, viaPasskey]) => viaPasskey))).toBe(tally.passkeyLogins);
    expect(sum(tally.doomedBy.values())).toBe(tally.doomedPrompts);
    expect(sum(tally.missedBy.values())).toBe(tally.missedPasskeys);
    // Every offer is answered one way: created, declined, or accepted where the browser can't.
    expect(sum(Object.values(tally.offersByVariant))).toBe(tally.offers);
    expect(tally.created + tally.skips + tally.nevers + tally.createsImpossible).toBe(tally.offers);
    expect(tally.healsCompleted).toBeLessThanOrEqual(tally.offersByVariant.heal);
    expect(tally.usersWithPasskey).toBeLessThanOrEqual(tally.people);
  });

  it('the same seed gives the same JSON line, another seed another', async () => {
    expect(reportJson(SMALL, await runStrategies(SMALL, false))).toBe(reportJson(SMALL, results));
    const other = { ...SMALL, seed: SMALL.seed + 1 };
    expect(reportJson(other, await runStrategies(other, false))).not.toBe(reportJson(SMALL, results).replace('"seed":7', '"seed":8'));
  });

  it('the baselines differ from the engine the way the world implies', () => {
    const engine = of('engine');
    const passkeyIfAny = of('passkey-if-any');
    // Prompting wherever the account has a passkey never misses one, and fails where it isn't.
    expect(passkeyIfAny.missedPasskeys).toBe(0);
    expect(passkeyIfAny.hybridPrompts).toBe(0);
    expect(passkeyIfAny.doomedPrompts).toBeGreaterThan(3 * engine.doomedPrompts);
    expect(passkeyIfAny.doomedBy.get('passkey prompt: device-bound to another device')).toBeGreaterThan(0);
    // Without hybrid, the phone's passkeys are missed on desktops that could have reached them.
    const neverHybrid = of('never-hybrid');
    expect(engine.hybridPrompts).toBeGreaterThan(0);
    expect(neverHybrid.hybridPrompts).toBe(0);
    expect(neverHybrid.offersByVariant['after-hybrid']).toBe(0);
    expect(neverHybrid.missedPasskeys).toBeGreaterThan(engine.missedPasskeys);
    // Without hearing of errors, nothing heals.
    const noHeal = of('no-append-after-errors');
    expect(engine.healsCompleted).toBeGreaterThan(0);
    expect(noHeal.offersByVariant.heal).toBe(0);
    expect(noHeal.healsCompleted).toBe(0);
  });

  it('the engine never offers an append more often than the back-off allows', () => {
    expect(of('engine').offers).toBeGreaterThan(0);
    expect(of('engine').backoffViolations).toBe(0);
  });

  it('the decision layer records what the real ceremonies record: the same figures, count for count', async () => {
    const tiny: SimOptions = { seed: 11, people: 30, days: 90 };
    const viaCeremonies = await simulate(tiny, (store, clock, site) => CeremonyCompanion.open(store, clock, site));
    const viaDecisionLayer = await simulate(tiny, async (store, clock, site) => new DecisionLayerCompanion(store, clock, site, ENGINE));
    expect(viaCeremonies.passkeyLogins).toBeGreaterThan(0);
    expect(viaCeremonies.created).toBeGreaterThan(0);
    expect(everything(viaDecisionLayer)).toBe(everything(viaCeremonies));
  });
});

describe('BackoffCheck', () => {
  const day = 24 * 60 * 60 * 1000;

  it('counts an offer within the back-off after three skips, and after "not on this device"', () => {
    const check = new BackoffCheck(DEFAULT_POLICY);
    for (const at of [1, 2, 3]) {
      check.offered('laptop', at * day);
      check.skipped('laptop', at * day);
    }
    check.offered('laptop', 20 * day);
    expect(check.violations).toBe(1);
    check.offered('laptop', 34 * day);
    expect(check.violations).toBe(1);
    check.saidNever('phone', day);
    check.offered('phone', 400 * day);
    expect(check.violations).toBe(2);
    check.freshStart('phone');
    check.offered('phone', 401 * day);
    expect(check.violations).toBe(2);
  });
});
