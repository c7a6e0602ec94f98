import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The CI server (trust auth); each test file creates and drops its own databases on it. */
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function uniqueDatabaseName(prefix: string): string {
  return `kp_test_${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function queryServer<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await queryServer('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

/** Terminates leftover sessions first: DROP DATABASE refuses while anyone is connected. */
export async function dropDatabase(name: string): Promise<void> {
  await queryServer('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  await queryServer(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}"`);
}
