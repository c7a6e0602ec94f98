import { Client } from 'pg';

/** PostgreSQL error codes we react to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
const INVALID_CATALOG_NAME = '3D000';

/** PostgreSQL silently truncates identifiers longer than this many bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** Advisory lock key (hashed) serialising migrations of one database across processes. */
const MIGRATION_LOCK = 'ketenpad:migrations';

/** The database a service owns on a shared server: `ketenpad_<service with _>` unless named explicitly. */
export function serviceDatabaseName(service: string, databaseName?: string): string {
  const name = databaseName ?? `ketenpad_${service.replace(/-/g, '_')}`;
  // A truncated name would make the existence check and CREATE DATABASE disagree.
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new Error(`Database name "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  if (name.length === 0) throw new Error('Database name must not be empty');
  return name;
}

/** Quotes an identifier so any name (even with quotes or capitals) is taken literally. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The server URL with its database replaced; user, password, host and query options are kept. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * Creates `database` on the server behind `databaseUrl` unless it exists.
 * Connects to the URL's own database for this (falling back to `postgres`
 * when that one does not exist either). Safe when several processes start at
 * once: losing the CREATE DATABASE race is success.
 *
 * @returns `true` when this call created the database.
 */
export async function ensureDatabaseExists(databaseUrl: string, database: string, applicationName: string): Promise<boolean> {
  const admin = await connectAdmin(databaseUrl, applicationName);
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if ((existing.rowCount ?? 0) > 0) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
      return true;
    } catch (error: unknown) {
      // Two processes that both saw "missing" race on CREATE DATABASE: the loser
      // gets 42P04, or 23505 when both inserted into pg_database concurrently.
      const code = pgErrorCode(error);
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}

async function connectAdmin(databaseUrl: string, applicationName: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl, application_name: `${applicationName}-provisioner` });
  try {
    await client.connect();
    return client;
  } catch (error: unknown) {
    // DATABASE_URL may already name the service database, which does not exist yet.
    if (pgErrorCode(error) !== INVALID_CATALOG_NAME) throw error;
    const fallback = new Client({
      connectionString: withDatabase(databaseUrl, 'postgres'),
      application_name: `${applicationName}-provisioner`,
    });
    await fallback.connect();
    return fallback;
  }
}

/** The SQLSTATE of a pg or TypeORM error, if it has one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const driverError = (error as { driverError?: unknown }).driverError;
  return driverError === error ? undefined : pgErrorCode(driverError);
}

/**
 * Runs `work` while holding a session-level advisory lock on the service
 * database, taken on a separate connection so it spans whatever connections
 * TypeORM uses for the migrations. Other processes wait for it.
 */
export async function withMigrationLock<T>(serviceDatabaseUrl: string, applicationName: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serviceDatabaseUrl, application_name: `${applicationName}-migrations` });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    return await work();
  } finally {
    // Ending the session releases the lock even if the unlock query fails.
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
