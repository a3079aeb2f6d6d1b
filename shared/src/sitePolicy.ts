import * as z from 'zod';
import { clientSignalsSchema } from './signals.ts';

/** A platform a rollout names: an operating system, on a phone/tablet or a computer. */
export const platformSchema = z.object({ os: clientSignalsSchema.shape.os, mobile: z.boolean() }).strict();
export type Platform = z.infer<typeof platformSchema>;

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
    /** The pause switch: the extension stays out of the way on this site (no passkey login, no offers). */
    paused: z.boolean().optional(),
    /** Gradual rollout: which devices get passkey logins and which get append offers. */
    rollout: z
      .object({
        /** The share of devices (stable per device pseudonym), 0–100; absent = all. */
        percent: z.number().int().min(0).max(100).optional(),
        /** Only these platforms get passkey logins; absent = all. */
        loginPlatforms: z.array(platformSchema).max(20).optional(),
        /** Only these platforms get append offers; absent = all. */
        appendPlatforms: z.array(platformSchema).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SitePolicyInput = z.infer<typeof sitePolicySchema>;
