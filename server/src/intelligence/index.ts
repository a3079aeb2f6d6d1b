export { decideLogin } from './decideLogin.ts';
export { decideAppend } from './decideAppend.ts';
export { engineInputsFromRecords, credentialFactsFromRecord, historyEventFromRecord } from './fromRecords.ts';
export { providerFor, browserFamily, type Provider, type ProviderKind } from './providers.ts';
export {
  DEFAULT_POLICY,
  type AppendContext,
  type AppendVerdict,
  type CredentialFacts,
  type DecisionInput,
  type DeviceFacts,
  type HistoryEvent,
  type HistoryEventType,
  type LoginVerdict,
  type SitePolicy,
} from './types.ts';
