import { createHash, randomBytes } from 'node:crypto';
import { CONSOLE_PATH, type InviteCreatedReply } from '@pkc/shared';
import { isoAt, type Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { recordChange } from '../sites/siteAudit.ts';
import { requireSite } from '../sites/siteService.ts';
import type { ConsoleInviteRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';

/** An enrolment link is short-lived: an hour unless the operator's CLI says otherwise. */
export const DEFAULT_INVITE_MINUTES = 60;

export const inviteHash = (invite: string) => createHash('sha256').update(invite).digest('hex');

/**
 * A one-time link that makes its opener an owner of the site in the console. The token rides in
 * the URL's fragment (`#/enrol/…`), which browsers never send to a server, so it stays out of
 * access logs and Referer headers; the store keeps only its hash.
 */
export async function mintConsoleInvite(
  store: Store,
  clock: Clock,
  publicUrl: string,
  siteId: string,
  createdBy: string,
  minutes = DEFAULT_INVITE_MINUTES,
): Promise<InviteCreatedReply> {
  await requireSite(store, siteId);
  const invite = `inv_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(clock.now() + minutes * 60_000).toISOString();
  await store.addConsoleInvite({ tokenHash: inviteHash(invite), siteId, expiresAt, createdBy, createdAt: isoAt(clock) });
  await recordChange(store, siteId, 'owner-invited', { actor: createdBy, clock }, `a link valid until ${expiresAt}`);
  return { link: `${publicUrl.replace(/\/$/, '')}${CONSOLE_PATH}#/enrol/${invite}`, expiresAt };
}

const unusable = () => new ApiError('invite_invalid', 'this console link is unknown, was already used, or has expired; ask for a new one');

/** The invite, not used: for the enrolment page to say which site it is for. */
export async function checkInvite(store: Store, clock: Clock, invite: string): Promise<ConsoleInviteRecord> {
  const found = await store.getConsoleInvite(inviteHash(invite), isoAt(clock));
  if (!found) throw unusable();
  return found;
}

/** Uses the invite up (single use: of two openers finishing at once, one gets it). */
export async function takeInvite(store: Store, clock: Clock, hash: string): Promise<ConsoleInviteRecord> {
  const taken = await store.takeConsoleInvite(hash, isoAt(clock));
  if (!taken) throw unusable();
  return taken;
}
