import type { Clock } from '../clock.ts';
import type { SiteCounters } from '../stats/siteCounters.ts';
import type { Store } from '../store/Store.ts';
import type { AppendGrants } from '../tokens/appendGrants.ts';
import type { TokenSigner } from '../tokens/loginTokens.ts';
import type { Ceremonies } from './ceremonies.ts';

export interface CeremonyDeps {
  store: Store;
  clock: Clock;
  ceremonies: Ceremonies;
  grants: AppendGrants;
  signer: TokenSigner;
  /** The site's aggregate counters (issue 15). */
  counters: SiteCounters;
}
