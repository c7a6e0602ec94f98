import { Entity, PrimaryColumn } from 'typeorm';
import { JsonLogger } from '@ketenpad/runtime';
import { createServiceDataSource, type ServiceDatabase } from '../src';
import { counterSchema } from './counter.fixture';
import { SERVER_URL, databaseExists, dropDatabase, uniqueDatabaseName } from './postgres.fixture';

const silent = new JsonLogger('persistence-test', undefined, 'error', () => undefined);

describe('createServiceDataSource on a PostgreSQL server', () => {
  const created: string[] = [];
  const open: ServiceDatabase[] = [];

  async function open_(databaseName: string): Promise<ServiceDatabase> {
    created.push(databaseName);
    const database = await createServiceDataSource({ service: 'persistence-test', databaseUrl: SERVER_URL, databaseName, logger: silent, ...counterSchema });
    open.push(database);
    return database;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((database) => database.close()));
  });

  afterAll(async () => {
    for (const name of created) await dropDatabase(name);
  });

  it('creates the service database when it is missing and applies every migration', async () => {
    // given
    const name = uniqueDatabaseName('create');
    expect(await databaseExists(name)).toBe(false);

    // when
    const database = await open_(name);

    // then
    expect(database.kind).toBe('postgres');
    expect(await databaseExists(name)).toBe(true);
    const migrations = await database.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name)).toEqual(['CreateCounter1717000000000', 'AddCounterNote1717000000001']);
    const [row] = await database.dataSource.query<Array<{ value: number; note: string | null }>>(`SELECT value, note FROM counter WHERE id = 'main'`);
    expect(row).toEqual({ value: 0, note: null });
  });

  it('runs each migration only once when the service starts again', async () => {
    // given
    const name = uniqueDatabaseName('rerun');
    const first = await open_(name);
    await first.dataSource.query(`UPDATE counter SET value = 7 WHERE id = 'main'`);
    await first.close();
    open.splice(open.indexOf(first), 1);

    // when
    const second = await open_(name);

    // then
    const [{ count }] = (await second.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM migrations')) as [{ count: number }];
    expect(count).toBe(2);
    const [row] = await second.dataSource.query<Array<{ value: number }>>(`SELECT value FROM counter WHERE id = 'main'`);
    expect(row!.value).toBe(7);
  });

  it('lets two processes create and migrate the same database at the same time', async () => {
    // given
    const name = uniqueDatabaseName('race');

    // when
    const [a, b] = await Promise.all([open_(name), open_(name)]);

    // then
    const [{ count }] = (await a.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM migrations')) as [{ count: number }];
    expect(count).toBe(2);
    const rows = await b.dataSource.query<Array<{ id: string }>>('SELECT id FROM counter');
    expect(rows).toEqual([{ id: 'main' }]);
  });

  it('derives the database name from the service and names its sessions after it', async () => {
    // given
    const service = `persistence-test-${Date.now().toString(36)}`;
    const expectedName = `ketenpad_${service.replace(/-/g, '_')}`;
    created.push(expectedName);

    // when
    const database = await createServiceDataSource({ service, databaseUrl: SERVER_URL, logger: silent, ...counterSchema });
    open.push(database);

    // then
    const [current] = await database.dataSource.query<Array<{ db: string; app: string }>>(
      `SELECT current_database() AS db, current_setting('application_name') AS app`,
    );
    expect(current).toEqual({ db: expectedName, app: service });
  });

  it('never creates tables from entities that no migration created', async () => {
    // given
    const name = uniqueDatabaseName('nosync');
    created.push(name);

    // when
    const database = await createServiceDataSource({
      service: 'persistence-test',
      databaseUrl: SERVER_URL,
      databaseName: name,
      logger: silent,
      entities: [...counterSchema.entities, UnmigratedRow],
      migrations: counterSchema.migrations,
    });
    open.push(database);

    // then
    const [row] = await database.dataSource.query<Array<{ table: string | null }>>(`SELECT to_regclass('unmigrated')::text AS table`);
    expect(row!.table).toBeNull();
  });
});

@Entity({ name: 'unmigrated' })
class UnmigratedRow {
  @PrimaryColumn({ type: 'text' })
  id!: string;
}
