import { JsonLogger } from '@ketenpad/runtime';
import { checkDatabase, createServiceDataSource, inTransaction, type ServiceDatabase } from '../src';
import { counterSchema } from './counter.fixture';
import { SERVER_URL, dropDatabase, uniqueDatabaseName } from './postgres.fixture';

const silent = new JsonLogger('persistence-test', undefined, 'error', () => undefined);

describe('checkDatabase', () => {
  const name = uniqueDatabaseName('health');
  let database: ServiceDatabase;

  beforeAll(async () => {
    database = await createServiceDataSource({
      service: 'persistence-test',
      databaseUrl: SERVER_URL,
      databaseName: name,
      logger: silent,
      poolSize: 1,
      ...counterSchema,
    });
  });

  afterAll(async () => {
    await database.close();
    await dropDatabase(name);
  });

  it('reports up with the round-trip time when the database answers', async () => {
    // given the open database

    // when
    const health = await checkDatabase(database.dataSource);

    // then
    expect(health.status).toBe('up');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.latencyMs).toBeLessThan(2_000);
    expect(health.error).toBeUndefined();
  });

  it('reports down when no answer comes within the timeout', async () => {
    // given the only connection is busy in a long transaction
    let finish!: () => void;
    const held = inTransaction(database.dataSource, async (manager) => {
      await manager.query('SELECT 1');
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // when
    const health = await checkDatabase(database.dataSource, { timeoutMs: 200 });

    // then
    finish();
    await held;
    expect(health.status).toBe('down');
    expect(health.error).toMatch(/200 ms/);
    expect(health.latencyMs).toBeGreaterThanOrEqual(190);
  });

  it('reports down once the data source is closed', async () => {
    // given
    const other = await createServiceDataSource({ service: 'persistence-test', databaseUrl: SERVER_URL, databaseName: name, logger: silent, ...counterSchema });
    await other.close();

    // when
    const health = await checkDatabase(other.dataSource);

    // then
    expect(health.status).toBe('down');
    expect(health.error).toBeDefined();
  });
});
