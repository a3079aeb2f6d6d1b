import pg from 'pg';
import { ApiError } from '../../errors.ts';

/** A connection string with its password masked, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a connection string that is not a URL)';
  }
}

/**
 * Whether an error means "the database can't be reached" (so 503 store_unavailable, retry
 * later) rather than "this query is wrong" (a bug: 500). pg reports server errors with a
 * SQLSTATE in `code`; what never reached a server (refused, reset, timed out, the pool's
 * connect timeout) carries a socket errno or pg's own message.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof ApiError) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (error instanceof pg.DatabaseError) {
    // 08: connection exception; 57P0x: the server shutting down or starting; 53: out of resources.
    return code !== undefined && (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53'));
  }
  // A socket's errno (ECONNREFUSED, ECONNRESET, ETIMEDOUT…), or pg's own words for a lost connection or a timeout.
  return (code !== undefined && /^E[A-Z]+$/.test(code)) || CONNECTION_LOST.test(error.message);
}

const CONNECTION_LOST = /connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable|connection error/i;

function unavailable(cause: unknown): ApiError {
  return new ApiError('store_unavailable', 'the database cannot be reached; retry later', { cause });
}

/**
 * Whether the database refused text it can't hold: a NUL (U+0000) is valid in a JS string and
 * in JSON, but not in PostgreSQL's text, nor in a jsonb string. Bad input (400), never a 500.
 * 22P05 untranslatable_character (jsonb's "\u0000"), 22021 character_not_in_repertoire (a NUL
 * byte in a text parameter); 22P02 invalid_text_representation only for the escape, as some
 * versions report it (that code also means a malformed number, a bug: left a 500).
 */
function isUnstorableText(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return false;
  return (
    error.code === '22P05' ||
    error.code === '22021' ||
    (error.code === '22P02' && /unsupported Unicode escape sequence/i.test(error.message))
  );
}

/** What a query error becomes for the features: unreachable → 503, unstorable text → 400, anything else as it was. */
function translated(error: unknown): unknown {
  if (isUnavailable(error)) return unavailable(error);
  if (isUnstorableText(error))
    return new ApiError('bad_request', 'the text holds a character that cannot be stored (U+0000)', { cause: error });
  return error;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The PostgreSQL connection pool the engine and the shared state use. Every query error that
 * means "unreachable" becomes ApiError store_unavailable (503); the pool reconnects on its own
 * when the database is back, so a server recovers without a restart. Text the database can't
 * hold becomes bad_request (400).
 */
export class Database {
  readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    options: { maxConnections?: number } = {},
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      // A request waits at most this long for a connection before it gets its 503.
      connectionTimeoutMillis: 3_000,
      query_timeout: 10_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection the database dropped (restart, failover): the pool discards it; the
    // next query opens another. Without a listener pg would crash the process.
    this.pool.on('error', () => undefined);
  }

  /**
   * `name`: for a query every request runs, a named prepared statement: each connection parses
   * and plans it once instead of on every call (for the short queries of a login, a large part
   * of their cost).
   */
  async query<Row extends pg.QueryResultRow>(text: string, params: unknown[] = [], name?: string): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(name === undefined ? { text, values: params } : { name, text, values: params });
    } catch (error) {
      throw translated(error);
    }
  }

  /** Runs `work` in one transaction (READ COMMITTED); rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw translated(error);
    } finally {
      // A connection that failed its rollback is not given back to the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
