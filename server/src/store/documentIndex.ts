import type { UserDocument } from './shardFile.ts';
import { normalizeUsername } from './Store.ts';

export const userKey = (siteId: string, userId: string) => `${siteId}\n${userId}`;
const usernameKey = (siteId: string, username: string) => `${siteId}\n${normalizeUsername(username)}`;

/**
 * The embedded store's indexes over every user document in memory: by (site, user id), by
 * credential id (ids are unique across sites) and by normalized username. Documents are never
 * changed in place: the store removes the old one and adds the new one.
 */
export class DocumentIndex {
  private readonly documents = new Map<string, UserDocument>();
  /** The same documents by site, then user id: a per-site pass (summarizeCredentials) walks one site, not all. */
  private readonly bySite = new Map<string, Map<string, UserDocument>>();
  private readonly credentialOwners = new Map<string, string>();
  private readonly usersByName = new Map<string, string>();
  /** The highest `seq` seen: putUser numbers its documents after it. */
  private lastSeq = 0;

  add(doc: UserDocument): void {
    const key = userKey(doc.siteId, doc.userId);
    this.documents.set(key, doc);
    let siteDocuments = this.bySite.get(doc.siteId);
    if (!siteDocuments) {
      siteDocuments = new Map();
      this.bySite.set(doc.siteId, siteDocuments);
    }
    siteDocuments.set(doc.userId, doc);
    this.lastSeq = Math.max(this.lastSeq, doc.seq);
    for (const credential of doc.credentials) this.credentialOwners.set(credential.id, key);
    if (doc.user) {
      const name = usernameKey(doc.siteId, doc.user.username);
      const holder = this.documents.get(this.usersByName.get(name) ?? '');
      if (!holder || holder.userId === doc.userId || holder.user === undefined || takesNameFrom(doc, holder))
        this.usersByName.set(name, key);
    }
  }

  /** Removes what `add` indexed for this very document (a newer one of the same user stays). */
  remove(doc: UserDocument): void {
    const key = userKey(doc.siteId, doc.userId);
    if (this.documents.get(key) === doc) this.documents.delete(key);
    const siteDocuments = this.bySite.get(doc.siteId);
    if (siteDocuments?.get(doc.userId) === doc) {
      siteDocuments.delete(doc.userId);
      if (siteDocuments.size === 0) this.bySite.delete(doc.siteId);
    }
    for (const credential of doc.credentials)
      if (this.credentialOwners.get(credential.id) === key) this.credentialOwners.delete(credential.id);
    if (doc.user) {
      const name = usernameKey(doc.siteId, doc.user.username);
      if (this.usersByName.get(name) === key) this.usersByName.delete(name);
    }
  }

  get(siteId: string, userId: string): UserDocument | undefined {
    return this.documents.get(userKey(siteId, userId));
  }

  /** Every document of one site, in no particular order. */
  ofSite(siteId: string): Iterable<UserDocument> {
    return this.bySite.get(siteId)?.values() ?? [];
  }

  /** The document of the user this credential id belongs to. */
  ownerOf(credentialId: string): UserDocument | undefined {
    const key = this.credentialOwners.get(credentialId);
    return key === undefined ? undefined : this.documents.get(key);
  }

  byUsername(siteId: string, username: string): UserDocument | undefined {
    const key = this.usersByName.get(usernameKey(siteId, username));
    return key === undefined ? undefined : this.documents.get(key);
  }

  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }
}

/**
 * Who a username shared by two users of a site belongs to (Store.findUserByUsername): a user
 * with passkeys keeps it against one without — another account named "ALICE" or "ａｌｉｃｅ"
 * must not turn alice's passkey login into a password one (security review, issue 13) — and
 * otherwise the one put last, the site's latest grant for the name.
 */
function takesNameFrom(candidate: UserDocument, holder: UserDocument): boolean {
  const candidateHasPasskeys = candidate.credentials.length > 0;
  if (candidateHasPasskeys !== holder.credentials.length > 0) return candidateHasPasskeys;
  return candidate.seq >= holder.seq;
}
