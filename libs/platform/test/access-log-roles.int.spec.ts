import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { messagingMigrations } from '@ketenpad/messaging';
import { createServiceDataSource, type ServiceDatabase } from '@ketenpad/persistence';
import { JsonLogger } from '@ketenpad/runtime';
import { accessLogMigrations } from '../src';

/** The CI server (trust auth, superuser `postgres`): this file creates its own roles and database and drops them. */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const silent = new JsonLogger('platform-test', undefined, 'error', () => undefined);

function asRole(role: string, database: string): string {
  const url = new URL(SERVER_URL);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

async function asSuperuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Issue 12 finding 8: the access log's append-only trigger only protects it when
 * the service cannot switch the trigger off. Migrations run as the owner role
 * (DATABASE_MIGRATION_URL); the service connects as a role that owns nothing and
 * may only read and append to access_log.
 */
describe('the service role on a database migrated by the owner role', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `kp_test_owner_${suffix}`;
  const app = `kp_test_app_${suffix}`;
  const database = `kp_test_roles_${suffix}`;
  let service: ServiceDatabase;
  let client: Client;

  beforeAll(async () => {
    await asSuperuser(`CREATE ROLE ${owner} LOGIN`);
    await asSuperuser(`CREATE ROLE ${app} LOGIN`);
    await asSuperuser(`CREATE DATABASE ${database} OWNER ${owner}`);
    // PostgreSQL 15: the database owner owns schema public through pg_database_owner.
    service = await createServiceDataSource({
      service: 'platform-test',
      databaseUrl: asRole(app, 'postgres'),
      migrationUrl: asRole(owner, 'postgres'),
      databaseName: database,
      logger: silent,
      entities: [],
      migrations: [...messagingMigrations, ...accessLogMigrations],
    });
    client = new Client({ connectionString: asRole(app, database) });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await service?.close();
    await asSuperuser(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);
    await asSuperuser(`DROP DATABASE IF EXISTS ${database}`);
    await asSuperuser(`DROP ROLE IF EXISTS ${app}`);
    await asSuperuser(`DROP ROLE IF EXISTS ${owner}`);
  });

  /** The SQLSTATE the statement fails with, or 'ok'. */
  async function outcome(sql: string): Promise<string> {
    try {
      await client.query(sql);
      return 'ok';
    } catch (error: unknown) {
      return (error as { code?: string }).code ?? String(error);
    }
  }

  it('connects the pool as the service role, with the schema owned by the owner role', async () => {
    // when
    const [{ user }] = (await service.dataSource.query<Array<{ user: string }>>('SELECT current_user AS user')) as [{ user: string }];
    const tables = await service.dataSource.query<Array<{ tableowner: string }>>(
      `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
    );
    const migrations = await service.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations');

    // then
    expect(user).toBe(app);
    expect(tables.map((t) => t.tableowner)).toEqual([owner]);
    expect(migrations.map((m) => m.name)).toContain(new accessLogMigrations[0]!().name);
  });

  it('lets the service role append to and read the access log', async () => {
    // given
    const pathwayId = randomUUID();

    // when
    const insert = await outcome(
      `INSERT INTO access_log (pathway_id, subject, organisation_id, organisation_kind, roles, resource, purpose)
       VALUES ('${pathwayId}', 'user-1', 'GM0363', 'municipality', '{counsellor}', 'timeline', 'ketenregie')`,
    );
    const { rows } = await client.query(`SELECT subject FROM access_log WHERE pathway_id = $1`, [pathwayId]);

    // then
    expect(insert).toBe('ok');
    expect(rows).toEqual([{ subject: 'user-1' }]);
  });

  it('refuses the service role to rewrite the access log or switch its protection off', async () => {
    // given
    await client.query(
      `INSERT INTO access_log (pathway_id, subject, organisation_id, organisation_kind, roles, resource, purpose)
       VALUES ('${randomUUID()}', 'user-2', 'GM0363', 'municipality', '{counsellor}', 'summary', 'ketenregie')`,
    );

    // when: granting itself DELETE only draws a warning ("no privileges were granted"); the DELETE still fails
    await client.query(`GRANT DELETE, TRUNCATE ON access_log TO ${app}`);
    const attempts = {
      update: await outcome(`UPDATE access_log SET subject = 'someone-else'`),
      delete: await outcome(`DELETE FROM access_log`),
      truncate: await outcome(`TRUNCATE access_log`),
      disableTrigger: await outcome(`ALTER TABLE access_log DISABLE TRIGGER ALL`),
      dropTrigger: await outcome(`DROP TRIGGER access_log_no_update_delete ON access_log`),
      dropTable: await outcome(`DROP TABLE access_log`),
      replicationRole: await outcome(`SET session_replication_role = replica`),
    };

    // then: 42501 insufficient_privilege for each (the owner is another role; the setting needs a superuser)
    expect(attempts).toEqual({
      update: '42501',
      delete: '42501',
      truncate: '42501',
      disableTrigger: '42501',
      dropTrigger: '42501',
      dropTable: '42501',
      replicationRole: '42501',
    });
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('keeps the ordinary tables writable for the service role, but not its migration history', async () => {
    // when
    const attempts = {
      insert: await outcome(`INSERT INTO consumer_attempts (consumer, topic, partition, "offset", attempts) VALUES ('c', 't', 0, 0, 1)`),
      update: await outcome(`UPDATE consumer_attempts SET attempts = 2`),
      selectOutbox: await outcome(`SELECT * FROM outbox`),
      deleteInbox: await outcome(`DELETE FROM inbox WHERE false`),
      deleteMigrations: await outcome(`DELETE FROM migrations`),
      createTable: await outcome(`CREATE TABLE intruder (id int)`),
    };

    // then
    expect(attempts).toEqual({
      insert: 'ok',
      update: 'ok',
      selectOutbox: 'ok',
      deleteInbox: 'ok',
      deleteMigrations: '42501',
      createTable: '42501',
    });
  });
});
