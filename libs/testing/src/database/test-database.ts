import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { currentSelection, selectDatabaseSource, type SelectionInput } from '../infrastructure.selection';

/** A database of its own for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** Its name: `<prefix>_<time>_<random>`. */
  readonly name: string;
  /** Terminates open connections and drops the database. */
  drop(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const POSTGRES_IMAGE = 'postgres:15-alpine';
const MAX_IDENTIFIER = 63;

let container: Promise<string> | undefined;

/**
 * URL of the server test databases are created on: `DATABASE_URL`, a
 * PostgreSQL container when selected (one per process), or the local server.
 */
export async function testDatabaseServerUrl(input: SelectionInput = currentSelection()): Promise<string> {
  if (input.env.DATABASE_URL?.trim()) return input.env.DATABASE_URL;
  if (selectDatabaseSource(input) === 'testcontainers') return (container ??= startPostgresContainer().then((started) => started.url));
  return DEFAULT_DATABASE_URL;
}

/** Starts a PostgreSQL container; the global setup shares it with workers through `DATABASE_URL`. */
export async function startPostgresContainer(): Promise<{ url: string; stop(): Promise<void> }> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const started = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  return {
    url: started.getConnectionUri(),
    stop: async () => {
      await started.stop();
    },
  };
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = await testDatabaseServerUrl();
  const name = uniqueDatabaseName(prefix);
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdminClient(serverUrl, async (client) => {
        // Pools a test forgot to close would otherwise block DROP DATABASE.
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

/** Lower-case, identifier-safe and unique across parallel workers. */
export function uniqueDatabaseName(prefix: string): string {
  const suffix = `_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '') || 'test';
  return safePrefix.slice(0, MAX_IDENTIFIER - suffix.length) + suffix;
}

async function withAdminClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
