import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger } from '@ketenpad/runtime';
import { createServiceDataSource, inTransaction, type ServiceDatabase } from '../src';
import { CounterRow, counterSchema } from './counter.fixture';

const silent = new JsonLogger('persistence-test', undefined, 'error', () => undefined);

describe('createServiceDataSource without a database URL (embedded PGlite)', () => {
  let dataDir: string;
  let database: ServiceDatabase | undefined;

  const openEmbedded = (): Promise<ServiceDatabase> =>
    createServiceDataSource({ service: 'pglite-test', dataDir, logger: silent, ...counterSchema });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ketenpad-persistence-'));
    database = await openEmbedded();
  });

  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the database under <dataDir>/<service>/pgdata and applies the migrations', async () => {
    // given the database opened in beforeAll

    // when
    const migrations = await database!.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');

    // then
    expect(database!.kind).toBe('pglite');
    expect((await stat(join(dataDir, 'pglite-test', 'pgdata'))).isDirectory()).toBe(true);
    expect(migrations.map((m) => m.name)).toEqual(['CreateCounter1717000000000', 'AddCounterNote1717000000001']);
  });

  it('opens exactly one connection however many queries are waiting', async () => {
    // given
    const pool = (database!.dataSource.driver as unknown as { master: { totalCount: number } }).master;

    // when
    await Promise.all(Array.from({ length: 5 }, () => database!.dataSource.query('SELECT pg_sleep(0.01)')));

    // then
    expect(pool.totalCount).toBe(1);
  });

  it('serialises concurrent transactions so no increment is lost', async () => {
    // given
    await database!.dataSource.query(`UPDATE counter SET value = 0 WHERE id = 'main'`);
    const increment = (): Promise<void> =>
      inTransaction(database!.dataSource, async (manager) => {
        const row = await manager.findOneByOrFail(CounterRow, { id: 'main' });
        // Give the other transaction every chance to interleave between read and write.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await manager.update(CounterRow, { id: 'main' }, { value: row.value + 1 });
      });

    // when
    const results = await Promise.allSettled([increment(), increment(), increment(), increment(), increment()]);

    // then
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const row = await database!.dataSource.getRepository(CounterRow).findOneByOrFail({ id: 'main' });
    expect(row.value).toBe(5);
  });

  it('rolls a failed transaction back without disturbing the next one', async () => {
    // given
    await database!.dataSource.query(`UPDATE counter SET value = 1 WHERE id = 'main'`);

    // when
    const failed = inTransaction(database!.dataSource, async (manager) => {
      await manager.update(CounterRow, { id: 'main' }, { value: 99 });
      throw new Error('business rule violated');
    });
    const succeeded = inTransaction(database!.dataSource, async (manager) => {
      await manager.update(CounterRow, { id: 'main' }, { note: 'kept' });
    });

    // then
    await expect(failed).rejects.toThrow('business rule violated');
    await succeeded;
    const row = await database!.dataSource.query<Array<{ value: number; note: string }>>(`SELECT value, note FROM counter WHERE id = 'main'`);
    expect(row).toEqual([{ value: 1, note: 'kept' }]);
  });

  it('refuses to open the same files twice while they are in use', async () => {
    // given the database opened in beforeAll

    // when
    const second = openEmbedded();

    // then
    await expect(second).rejects.toThrow(/already open/);
  });

  it('keeps the data after close and reopen from the same directory', async () => {
    // given
    await database!.dataSource.query(`UPDATE counter SET value = 42, note = 'persisted' WHERE id = 'main'`);

    // when
    await database!.close();
    database = await openEmbedded();

    // then
    const rows = await database.dataSource.query<Array<{ value: number; note: string }>>(`SELECT value, note FROM counter`);
    expect(rows).toEqual([{ value: 42, note: 'persisted' }]);
    const [{ count }] = (await database.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM migrations')) as [{ count: number }];
    expect(count).toBe(2);
  });
});
