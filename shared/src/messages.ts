import * as z from 'zod';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_NAME_LENGTH } from './limits.ts';
import {
  appendFinishReplySchema,
  appendStartReplySchema,
  ceremonyIdSchema,
  grantSchema,
  loginFinishReplySchema,
  loginStartReplySchema,
  okReplySchema,
  loginFailureReplySchema,
  loginConditionalReplySchema,
  usernameSchema,
  loginNonceSchema,
  managedPasskeySchema,
} from './api.ts';
import { formOverridesSchema } from './formOverrides.ts';
import { clientSignalsSchema } from './signals.ts';
import { authenticationResponseSchema, credentialIdB64, registrationResponseSchema } from './webauthn.ts';

/*
 * Messages from the content script to the background (the only network client).
 * The background derives site and origin from the sender tab, never from the message,
 * so a page cannot claim to be another partner.
 */

/** Signals the page can see; the background adds the per-site device pseudonym. */
export const pageSignalsSchema = clientSignalsSchema.omit({ devicePseudonym: true });
export type PageSignals = z.infer<typeof pageSignalsSchema>;

export const contentMessageSchema = z.discriminatedUnion('type', [
  /** Asked once at start: what the content script should know about its partner site. */
  z.object({ type: z.literal('page-config') }),
  z.object({ type: z.literal('login-start'), username: usernameSchema, client: pageSignalsSchema, pageNonce: loginNonceSchema.optional() }),
  z.object({ type: z.literal('login-conditional'), client: pageSignalsSchema, pageNonce: loginNonceSchema.optional() }),
  z.object({ type: z.literal('login-finish'), ceremonyId: ceremonyIdSchema, response: authenticationResponseSchema }),
  z.object({ type: z.literal('login-failure'), ceremonyId: ceremonyIdSchema, errorName: z.string().max(MAX_ERROR_NAME_LENGTH) }),
  z.object({ type: z.literal('append-start'), grant: grantSchema, client: pageSignalsSchema }),
  z.object({
    type: z.literal('append-finish'),
    ceremonyId: ceremonyIdSchema,
    response: registrationResponseSchema,
    mediation: z.literal('conditional').optional(),
  }),
  z.object({ type: z.literal('append-decline'), ceremonyId: ceremonyIdSchema, choice: z.enum(['skip', 'never']) }),
]);
export type ContentMessage = z.infer<typeof contentMessageSchema>;

/**
 * A message as the content script sends it: a WebAuthn `response` travels as the MAIN-world
 * bridge returned it, untrusted (the page can forge it). The background parses every message with
 * `contentMessageSchema`, which checks the response in full; checking it in the content script
 * too would put zod into the script injected into every partner page.
 */
export type ContentRequest = WithUncheckedResponse<ContentMessage>;
type WithUncheckedResponse<M> = M extends { response: unknown } ? Omit<M, 'response'> & { response: unknown } : M;

/**
 * Every background reply is `{ ok: true, value }` or `{ ok: false, code }`. `value` is what the
 * background parsed with `replySchemaFor` (server replies) or built from the validated partner
 * cache (page-config); the content script checks the envelope and takes `value` as this contract
 * says (backgroundClient.ts).
 */
export const backgroundFailureSchema = z.object({
  ok: z.literal(false),
  code: z.string().max(64),
  message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
});
export type BackgroundFailure = z.infer<typeof backgroundFailureSchema>;

export const pageConfigSchema = z.object({
  siteName: z.string().max(100),
  formOverrides: formOverridesSchema.optional(),
});
export type PageConfig = z.infer<typeof pageConfigSchema>;

export const replySchemaFor = {
  'page-config': pageConfigSchema,
  'login-start': loginStartReplySchema,
  'login-conditional': loginConditionalReplySchema,
  'login-finish': loginFinishReplySchema,
  'login-failure': loginFailureReplySchema,
  'append-start': appendStartReplySchema,
  'append-finish': appendFinishReplySchema,
  'append-decline': okReplySchema,
} as const satisfies Record<ContentMessage['type'], z.ZodType>;

export type ReplyFor<T extends ContentMessage['type']> = z.infer<(typeof replySchemaFor)[T]>;

// ---- popup → background: your passkeys (issue 14, item 4) ----
/**
 * Sent by the toolbar popup (an extension page, never a content script: messageRouter.ts checks
 * the sender). The tab names the partner site; the background reads its URL from the browser.
 */
const tabIdSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
export const popupMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('passkeys-list'), tabId: tabIdSchema }),
  z.object({ type: z.literal('passkeys-delete'), tabId: tabIdSchema, credentialId: credentialIdB64 }),
]);
export type PopupMessage = z.infer<typeof popupMessageSchema>;
/** Whether the passkey provider was told (Signal API in the partner page): sent, not supported, or the call failed. */
export const providerToldSchema = z.enum(['sent', 'unsupported', 'failed']);
export type ProviderTold = z.infer<typeof providerToldSchema>;
export const popupPasskeysReplySchema = z.discriminatedUnion('status', [
  /** No recent login on this device to prove who the person is: sign in to the site again. */
  z.object({ status: z.literal('needs-sign-in') }),
  z.object({
    status: z.literal('ok'),
    username: z.string(),
    passkeys: z.array(managedPasskeySchema).max(100),
    removed: credentialIdB64.optional(),
    providerTold: providerToldSchema,
  }),
]);
export type PopupPasskeysReply = z.infer<typeof popupPasskeysReplySchema>;
