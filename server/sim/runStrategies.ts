import { CeremonyCompanion } from './companion/ceremonyCompanion.ts';
import { DecisionLayerCompanion } from './companion/decisionLayerCompanion.ts';
import { simulate, type SimOptions } from './loop.ts';
import type { Tally } from './metrics.ts';
import { ENGINE_STRATEGIES, STRATEGIES, type StrategyName } from './strategies.ts';

/**
 * Every strategy on the same world and seed, through the decision layer; or, with
 * `ceremonies`, the engine alone (with and without immediate checks) through the server's
 * real ceremonies.
 */
export async function runStrategies(options: SimOptions, ceremonies: boolean): Promise<Map<StrategyName, Tally>> {
  const results = new Map<StrategyName, Tally>();
  if (ceremonies) {
    for (const strategy of ENGINE_STRATEGIES) {
      results.set(strategy.name, await simulate(options, strategy, (store, clock, site) => CeremonyCompanion.open(store, clock, site)));
    }
    return results;
  }
  for (const strategy of STRATEGIES) {
    results.set(
      strategy.name,
      await simulate(options, strategy, async (store, clock, site) => new DecisionLayerCompanion(store, clock, site, strategy)),
    );
  }
  return results;
}
