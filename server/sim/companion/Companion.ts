import type { AppendVariant, ClientSignals, LoginDecision, ReasonCode } from '@pkc/shared';
import type { ProviderId } from '../world/model.ts';

/*
 * The server as the extension and the partner site see it during one simulated login: the
 * decision, the outcome the extension reports, then the append the site's grant leads to.
 * Two implementations: the layer under the ceremonies (fast, any strategy) and the
 * ceremonies themselves with software authenticators (the engine only; used to check that
 * the fast one records exactly what the server records).
 */

export interface LoginPrompt {
  decision: LoginDecision;
  reasonCode: ReasonCode;
  /** The credentials the prompt allows (empty for password, and for an immediate check). */
  allowCredentialIds: string[];
  /**
   * An immediate check (uiMode 'immediate', issue 14): no UI; the browser answers at once with
   * any passkey of the site held here, or NotAllowedError ("none here").
   */
  immediate: boolean;
  /** The ceremony this prompt belongs to (opaque). */
  attempt: string;
}

export type AppendPrompt = { decision: 'offer'; variant: AppendVariant; attempt: string } | { decision: 'skip'; reasonCode: ReasonCode };

export interface SiteUser {
  userId: string;
  username: string;
}

export interface Companion {
  loginStart(username: string, client: ClientSignals): Promise<LoginPrompt>;
  /** The browser returned an assertion of `credentialId`; 'cross-platform' when a phone answered. */
  loginSucceeded(prompt: LoginPrompt, credentialId: string, attachment: 'platform' | 'cross-platform'): Promise<void>;
  /**
   * The WebAuthn error name the extension reports (NotAllowedError for "no passkey" and cancel
   * alike; after an immediate check, "none here", which the server records as ImmediateNone).
   */
  loginFailed(prompt: LoginPrompt, errorName: string): Promise<void>;
  /** After any successful login the site mints a grant and the extension asks about an append. */
  appendStart(user: SiteUser, client: ClientSignals): Promise<AppendPrompt>;
  /** A passkey made by `provider` on the device; returns the credential id the server stored. */
  appendCreated(prompt: AppendPrompt & { decision: 'offer' }, provider: ProviderId): Promise<string>;
  appendDeclined(prompt: AppendPrompt & { decision: 'offer' }, choice: 'skip' | 'never'): Promise<void>;
}
