import { JsonLogger } from '@ketenpad/runtime';
import { createServiceDataSource, inTransaction, pgErrorCode, type ServiceDatabase } from '../src';
import { CounterRow, counterSchema } from './counter.fixture';
import { SERVER_URL, dropDatabase, uniqueDatabaseName } from './postgres.fixture';

const silent = new JsonLogger('persistence-test', undefined, 'error', () => undefined);

/** Resolves once `parties` callers have arrived, so two transactions provably overlap. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}

describe('inTransaction', () => {
  const name = uniqueDatabaseName('tx');
  let database: ServiceDatabase;

  beforeAll(async () => {
    database = await createServiceDataSource({ service: 'persistence-test', databaseUrl: SERVER_URL, databaseName: name, logger: silent, ...counterSchema });
  });

  beforeEach(async () => {
    await database.dataSource.query(`UPDATE counter SET value = 0, note = NULL WHERE id = 'main'`);
  });

  afterAll(async () => {
    await database.close();
    await dropDatabase(name);
  });

  /** Reads, waits until the other transaction has read too, then writes: a lost update unless one retries. */
  function conflictingIncrement(bothRead: () => Promise<void>, attempts: number[], retries?: number): Promise<void> {
    return inTransaction(
      database.dataSource,
      async (manager) => {
        attempts.push(1);
        const row = await manager.findOneByOrFail(CounterRow, { id: 'main' });
        if (attempts.length === 1) await bothRead();
        await manager.update(CounterRow, { id: 'main' }, { value: row.value + 1 });
      },
      { isolation: 'REPEATABLE READ', retries },
    );
  }

  it('retries a serialization failure so both concurrent increments count', async () => {
    // given
    const bothRead = barrier(2);
    const attemptsA: number[] = [];
    const attemptsB: number[] = [];

    // when
    await Promise.all([conflictingIncrement(bothRead, attemptsA), conflictingIncrement(bothRead, attemptsB)]);

    // then
    const row = await database.dataSource.getRepository(CounterRow).findOneByOrFail({ id: 'main' });
    expect(row.value).toBe(2);
    expect(attemptsA.length + attemptsB.length).toBe(3);
  });

  it('gives up after the allowed retries and reports the serialization failure', async () => {
    // given
    const bothRead = barrier(2);

    // when
    const results = await Promise.allSettled([conflictingIncrement(bothRead, [], 0), conflictingIncrement(bothRead, [], 0)]);

    // then
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(pgErrorCode(failures[0]!.reason)).toBe('40001');
    const row = await database.dataSource.getRepository(CounterRow).findOneByOrFail({ id: 'main' });
    expect(row.value).toBe(1);
  });

  it('does not retry other errors and rolls their writes back', async () => {
    // given
    let attempts = 0;

    // when
    const outcome = inTransaction(database.dataSource, async (manager) => {
      attempts += 1;
      await manager.update(CounterRow, { id: 'main' }, { note: 'half-done' });
      await manager.query('SELECT 1/0');
    });

    // then
    await expect(outcome).rejects.toThrow(/division by zero/);
    expect(attempts).toBe(1);
    const row = await database.dataSource.getRepository(CounterRow).findOneByOrFail({ id: 'main' });
    expect(row.note).toBeNull();
  });

  it('runs at the requested isolation level and returns the result of the work', async () => {
    // given
    const isolation = 'SERIALIZABLE' as const;

    // when
    const level = await inTransaction(
      database.dataSource,
      async (manager) => {
        const rows = await manager.query<Array<{ level: string }>>(`SELECT current_setting('transaction_isolation') AS level`);
        return rows[0]?.level;
      },
      { isolation },
    );

    // then
    expect(level).toBe('serializable');
  });
});
