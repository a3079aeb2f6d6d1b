import * as z from 'zod';

/** What the server tells the extension to do for a login attempt (ARCHITECTURE §5). */
export const loginDecisionSchema = z.enum(['passkey', 'hybrid', 'password']);
export type LoginDecision = z.infer<typeof loginDecisionSchema>;

export const appendVariantSchema = z.enum(['first-passkey', 'after-hybrid', 'heal', 'second-device']);
export type AppendVariant = z.infer<typeof appendVariantSchema>;

/** Machine-readable reason codes; each comes with a human sentence in replies. */
export const reasonCodeSchema = z.enum([
  // login
  'credential-usable-here',
  'no-usable-credential',
  'credentials-on-phone',
  'device-bound-elsewhere',
  'repeated-failures',
  /** Unsure: the browser is asked at once, with no UI, whether a passkey is here (immediate mode). */
  'checking-this-device',
  /** What the immediate check found: no passkey here. */
  'not-on-this-device',
  /** The site paused passkeys, or this device isn't in its rollout (yet). */
  'not-enabled-here',
  // append
  'no-passkey-yet',
  'passkey-exists-here',
  'client-cannot-create',
  'backed-off',
  'never-on-this-device',
]);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

export const reasonSchema = z.object({
  code: reasonCodeSchema,
  message: z.string().max(300),
});
export type Reason = z.infer<typeof reasonSchema>;
