import { z } from 'zod';

/**
 * How patient Passkey Intelligence is on one site (ARCHITECTURE §5, F4/F6). Every field is
 * optional: what a site leaves out keeps the server's default (2 failures; 3 skips → 30 days;
 * "not on this device" for good).
 */
export const sitePolicySchema = z
  .object({
    /** Passkey failures on one device, with no success since, before the password is suggested. */
    failureThreshold: z.number().int().min(1).max(20).optional(),
    /** After `skips` "not now" answers on one device, no offer there for `days` days. */
    skipBackoff: z
      .object({ skips: z.number().int().min(1).max(50), days: z.number().int().min(1).max(3650) })
      .strict()
      .optional(),
    /** How long "not on this device" holds; absent = for good. */
    neverOnDeviceDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
export type SitePolicyInput = z.infer<typeof sitePolicySchema>;
