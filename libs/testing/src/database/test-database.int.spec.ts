import { Client } from 'pg';
import { createTestDatabase } from './test-database';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a uniquely named database that can be used and then dropped', async () => {
    // given
    const database = await createTestDatabase('Testing Spec');
    // when using it
    const [row] = await query<{ name: string }>(database.url, 'SELECT current_database() AS name');
    // then it is the new database
    expect(row!.name).toBe(database.name);
    expect(database.name).toMatch(/^testing_spec_[a-z0-9]+_[0-9a-f]{8}$/);

    // when dropping it
    await database.drop();
    // then it is gone
    const remaining = await query(database.url.replace(`/${database.name}`, '/postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    expect(remaining).toHaveLength(0);
  });

  it('drops a database even while a connection is still open', async () => {
    // given a test that forgot to close its connection
    const database = await createTestDatabase('testing_open');
    const forgotten = new Client({ connectionString: database.url });
    forgotten.on('error', () => undefined);
    await forgotten.connect();
    // when / then
    await expect(database.drop()).resolves.toBeUndefined();
    await forgotten.end().catch(() => undefined);
  });

});
