import * as z from 'zod';
import { MAX_CAPABILITIES, MAX_CAPABILITY_NAME_LENGTH } from './limits.ts';

/**
 * Client signals the extension collects per attempt (ARCHITECTURE §5). The device
 * pseudonym is random per site and kept in extension storage: not a fingerprint.
 */
export const clientSignalsSchema = z.object({
  os: z.enum(['windows', 'macos', 'linux', 'chromeos', 'android', 'ios', 'other']),
  browser: z.string().min(1).max(40),
  mobile: z.boolean(),
  /** isUserVerifyingPlatformAuthenticatorAvailable() */
  platformAuthenticator: z.boolean(),
  /** getClientCapabilities(), where the browser has it; names are WebAuthn L3 capability strings. */
  capabilities: z.record(z.string().max(MAX_CAPABILITY_NAME_LENGTH), z.boolean()).refine((c) => Object.keys(c).length <= MAX_CAPABILITIES, {
    message: 'too many capabilities',
  }),
  devicePseudonym: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 url-safe characters'),
});
export type ClientSignals = z.infer<typeof clientSignalsSchema>;
