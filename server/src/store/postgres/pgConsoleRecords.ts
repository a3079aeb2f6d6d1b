import type pg from 'pg';
import {
  consoleInviteRecordSchema,
  consoleOwnerRecordSchema,
  consolePasskeyRecordSchema,
  consoleSessionRecordSchema,
  type ConsoleInviteRecord,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type ConsoleSessionRecord,
} from '../records.ts';
import type { Queryable } from './database.ts';

/*
 * The site-owner console's records (issue 15) in PostgreSQL (migration 1733600000000_console):
 * what PgStore's console methods run, the SQL twin of consoleRecords.ts. Every change is one
 * statement, so servers sharing the database can't interleave inside one: an invite is taken
 * by a DELETE … RETURNING, which only one of two concurrent takers gets a row from.
 */

type Query = <Row extends pg.QueryResultRow>(text: string, params?: unknown[], name?: string) => Promise<pg.QueryResult<Row>>;

export class PgConsoleRecords {
  constructor(private readonly query: Query) {}

  async getOwner(ownerId: string): Promise<ConsoleOwnerRecord | undefined> {
    const { rows } = await this.query<{ record: ConsoleOwnerRecord }>('SELECT record FROM console_owners WHERE id = $1', [ownerId]);
    return rows[0]?.record;
  }

  async putOwner(owner: ConsoleOwnerRecord): Promise<void> {
    const record = consoleOwnerRecordSchema.parse(owner);
    await this.query(
      `INSERT INTO console_owners (id, site_ids, record) VALUES ($1, $2::text[], $3)
       ON CONFLICT (id) DO UPDATE SET site_ids = EXCLUDED.site_ids, record = EXCLUDED.record`,
      [record.id, record.siteIds, record],
    );
  }

  /** Oldest first; ids in byte order (COLLATE "C") break ties the way the in-memory engines do. */
  async ownersOf(siteId: string): Promise<ConsoleOwnerRecord[]> {
    const { rows } = await this.query<{ record: ConsoleOwnerRecord }>(
      `SELECT record FROM console_owners WHERE site_ids @> ARRAY[$1::text]
        ORDER BY (record->>'createdAt')::timestamptz, id COLLATE "C"`,
      [siteId],
    );
    return rows.map((row) => row.record);
  }

  /**
   * One UPDATE checks and adds: a concurrent one waits for the row lock and checks the row as
   * it left it, so the cap holds across servers. When it changed nothing, a read says why.
   */
  async addOwnerSite(ownerId: string, siteId: string, maxSites: number): Promise<'added' | 'already' | 'full' | 'no-owner'> {
    for (let attempt = 1; ; attempt += 1) {
      const { rowCount } = await this.query(
        `UPDATE console_owners SET site_ids = array_append(site_ids, $2::text),
                record = jsonb_set(record, '{siteIds}', to_jsonb(array_append(site_ids, $2::text)))
          WHERE id = $1 AND NOT ($2::text = ANY (site_ids)) AND cardinality(site_ids) < $3`,
        [ownerId, siteId, maxSites],
      );
      if (rowCount === 1) return 'added';
      const { rows } = await this.query<{ has: boolean; count: number }>(
        'SELECT $2::text = ANY (site_ids) AS has, cardinality(site_ids) AS count FROM console_owners WHERE id = $1',
        [ownerId, siteId],
      );
      const owner = rows[0];
      if (owner === undefined) return 'no-owner';
      if (owner.has) return 'already';
      // Neither there nor full any more: a site was taken out between the two statements. Try again.
      if (owner.count >= maxSites || attempt === 3) return 'full';
    }
  }

  async removeOwnerSite(ownerId: string, siteId: string): Promise<boolean> {
    const { rowCount } = await this.query(
      `UPDATE console_owners SET site_ids = array_remove(site_ids, $2::text),
              record = jsonb_set(record, '{siteIds}', to_jsonb(array_remove(site_ids, $2::text)))
        WHERE id = $1 AND site_ids @> ARRAY[$2::text]`,
      [ownerId, siteId],
    );
    return rowCount === 1;
  }

  async getPasskey(credentialId: string): Promise<ConsolePasskeyRecord | undefined> {
    const { rows } = await this.query<{ record: ConsolePasskeyRecord }>('SELECT record FROM console_passkeys WHERE id = $1', [
      credentialId,
    ]);
    return rows[0]?.record;
  }

  async putPasskey(passkey: ConsolePasskeyRecord): Promise<void> {
    const record = consolePasskeyRecordSchema.parse(passkey);
    await this.query(
      `INSERT INTO console_passkeys (id, owner_id, record) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, record = EXCLUDED.record`,
      [record.id, record.ownerId, record],
    );
  }

  /**
   * Keeps the invite, unless its site is gone (it would outlive the cascade that removes a
   * site's invites), and drops the expired ones as of its createdAt: the store has no clock of
   * its own. The new hash is kept out of the sweep: one statement can't delete and upsert one row.
   */
  async addInvite(invite: ConsoleInviteRecord): Promise<void> {
    const record = consoleInviteRecordSchema.parse(invite);
    await this.query(
      `WITH expired AS (DELETE FROM console_invites WHERE expires_at <= $5::timestamptz AND token_hash <> $1)
       INSERT INTO console_invites (token_hash, site_id, expires_at, record)
       SELECT $1, $2, $3::timestamptz, $4 WHERE EXISTS (SELECT 1 FROM sites WHERE id = $2)
       ON CONFLICT (token_hash) DO UPDATE SET site_id = EXCLUDED.site_id, expires_at = EXCLUDED.expires_at, record = EXCLUDED.record`,
      [record.tokenHash, record.siteId, record.expiresAt, record, record.createdAt],
    );
  }

  async countInvites(siteId: string, nowIso: string): Promise<number> {
    const { rows } = await this.query<{ count: string }>(
      'SELECT count(*) AS count FROM console_invites WHERE site_id = $1 AND expires_at > $2::timestamptz',
      [siteId, nowIso],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async getInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    const { rows } = await this.query<{ record: ConsoleInviteRecord }>(
      'SELECT record FROM console_invites WHERE token_hash = $1 AND expires_at > $2::timestamptz',
      [tokenHash, nowIso],
    );
    return rows[0]?.record;
  }

  async takeInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    // A second taker waits for the first's row lock, then finds the row gone: no row for it.
    const { rows } = await this.query<{ record: ConsoleInviteRecord }>(
      'DELETE FROM console_invites WHERE token_hash = $1 AND expires_at > $2::timestamptz RETURNING record',
      [tokenHash, nowIso],
    );
    return rows[0]?.record;
  }

  /** Keeps the session and drops the expired ones as of its createdAt (see addInvite). */
  async putSession(session: ConsoleSessionRecord): Promise<void> {
    const record = consoleSessionRecordSchema.parse(session);
    await this.query(
      `WITH expired AS (DELETE FROM console_sessions WHERE expires_at <= $5::timestamptz AND id_hash <> $1)
       INSERT INTO console_sessions (id_hash, owner_id, expires_at, record) VALUES ($1, $2, $3::timestamptz, $4)
       ON CONFLICT (id_hash) DO UPDATE SET owner_id = EXCLUDED.owner_id, expires_at = EXCLUDED.expires_at, record = EXCLUDED.record`,
      [record.idHash, record.ownerId, record.expiresAt, record, record.createdAt],
    );
  }

  /** Every console request reads its session: prepared once per connection. */
  async getSession(idHash: string, nowIso: string): Promise<ConsoleSessionRecord | undefined> {
    const { rows } = await this.query<{ record: ConsoleSessionRecord }>(
      'SELECT record FROM console_sessions WHERE id_hash = $1 AND expires_at > $2::timestamptz',
      [idHash, nowIso],
      'pkc-get-console-session',
    );
    return rows[0]?.record;
  }

  async removeSession(idHash: string): Promise<void> {
    await this.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  }
}

/** Takes a removed site out of every owner's sites, the record's list and the indexed array alike (in removeSite's transaction). */
export async function removeSiteFromOwners(client: Queryable, siteId: string): Promise<void> {
  await client.query(
    `UPDATE console_owners SET site_ids = array_remove(site_ids, $1::text),
            record = jsonb_set(record, '{siteIds}', to_jsonb(array_remove(site_ids, $1::text)))
      WHERE site_ids @> ARRAY[$1::text]`,
    [siteId],
  );
}
