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

/** The role a connection URL logs in as (`postgres://<user>@…`), or undefined when the URL names none. */
export function roleOf(databaseUrl: string): string | undefined {
  const user = decodeURIComponent(new URL(databaseUrl).username);
  return user.length > 0 ? user : undefined;
}

/**
 * What the service's own role may do in a database whose tables belong to the
 * migration (owner) role. Run as the owner after every migration run, so tables
 * added by later migrations are covered; every statement is idempotent.
 *
 * - ordinary tables: SELECT, INSERT, UPDATE, DELETE (no TRUNCATE, REFERENCES or TRIGGER);
 * - append-only tables (those with a trigger whose function is named `*_append_only`,
 *   like `access_log`): SELECT and INSERT only;
 * - the `migrations` table: SELECT only; sequences: USAGE and SELECT.
 *
 * The role owns nothing, so it cannot ALTER a table (and thus not disable a
 * trigger) or drop it; as a non-superuser it cannot set `session_replication_role`.
 */
export async function grantServiceRole(ownerDatabaseUrl: string, appRole: string, applicationName: string): Promise<void> {
  const client = new Client({ connectionString: ownerDatabaseUrl, application_name: `${applicationName}-grants` });
  await client.connect();
  try {
    const role = quoteIdentifier(appRole);
    const { rows } = await client.query<{ name: string; append_only: boolean }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                       WHERE t.tgrelid = c.oid AND p.proname LIKE '%\\_append\\_only') AS append_only
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
    );
    const { rows: [database] } = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.query('BEGIN');
    await client.query(`GRANT CONNECT ON DATABASE ${quoteIdentifier(database!.name)} TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA ${quoteIdentifier(await currentSchema(client))} TO ${role}`);
    for (const table of rows) {
      const name = quoteIdentifier(table.name);
      const allowed = table.name === 'migrations' ? 'SELECT' : table.append_only ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
      // Revoke first so a table that became append-only loses UPDATE/DELETE granted earlier.
      await client.query(`REVOKE ALL ON TABLE ${name} FROM ${role}`);
      await client.query(`GRANT ${allowed} ON TABLE ${name} TO ${role}`);
    }
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${quoteIdentifier(await currentSchema(client))} TO ${role}`);
    await client.query('COMMIT');
  } catch (error: unknown) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function currentSchema(client: Client): Promise<string> {
  const { rows } = await client.query<{ name: string }>('SELECT current_schema() AS name');
  return rows[0]!.name;
}
