import { resolve } from 'node:path';
import { DataSource, type EntitySchema } from 'typeorm';
import { JsonLogger } from '@ketenpad/runtime';
import { ensureDatabaseExists, grantServiceRole, roleOf, serviceDatabaseName, withDatabase, withMigrationLock } from './database.provisioner';
import { startEmbeddedPostgres } from './embedded-postgres.server';
import { assertMigrationConvention, type ServiceMigration } from './migration.convention';
import { TypeOrmJsonLogger } from './typeorm-json.logger';

/** A TypeORM entity class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entity constructors take any arguments
export type EntityClass = new (...args: any[]) => object;

export interface ServiceDatabaseOptions {
  /** Service name, e.g. `municipality`; names the database, the PGlite directory and `application_name`. */
  service: string;
  /** PostgreSQL server URL. Its own database is only used to create the service database. Absent: embedded PGlite. */
  databaseUrl?: string;
  /**
   * PostgreSQL server URL of the role that owns the schema (`DATABASE_MIGRATION_URL`). When set,
   * the database is created (if missing) and migrated over this URL, the service's own role
   * (the user of `databaseUrl`) is granted only what it needs (see `grantServiceRole`), and the
   * pool connects with `databaseUrl`. Absent: `databaseUrl` does both. Ignored for PGlite.
   */
  migrationUrl?: string;
  /** Overrides the database name on the server (default `ketenpad_<service>` with `-` as `_`). Ignored for PGlite. */
  databaseName?: string;
  /** Root for PGlite files (`<dataDir>/<service>/pgdata`); default `<cwd>/.data`. */
  dataDir?: string;
  entities: ReadonlyArray<EntityClass | EntitySchema>;
  /** The service's migrations; see `ServiceMigration` for the naming convention. */
  migrations: readonly ServiceMigration[];
  logger?: JsonLogger;
  /** Connections to a PostgreSQL server (default 10). PGlite always gets exactly one. */
  poolSize?: number;
}

export interface ServiceDatabase {
  /** Initialised, with every migration applied. */
  dataSource: DataSource;
  kind: 'postgres' | 'pglite';
  /** Closes the pool and, for PGlite, the socket server and the database files. */
  close(): Promise<void>;
}

const DEFAULT_POOL_SIZE = 10;

/**
 * Opens a service's own database and brings its schema up to date by running
 * pending migrations (each in its own transaction). `synchronize` is never
 * enabled: the schema changes only through reviewed migrations.
 *
 * With pool size 1 (PGlite), a query issued outside a transaction while that
 * transaction is still open waits for it: always use the transaction's
 * `EntityManager` inside `inTransaction`.
 */
export async function createServiceDataSource(options: ServiceDatabaseOptions): Promise<ServiceDatabase> {
  assertMigrationConvention(options.migrations);
  const logger = options.logger ?? new JsonLogger(options.service, 'persistence');
  const common = {
    type: 'postgres' as const,
    entities: [...options.entities],
    migrations: [...options.migrations],
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    // Extensions are a schema change and belong in migrations (gen_random_uuid is core since PG 13).
    installExtensions: false,
    applicationName: options.service,
    logger: new TypeOrmJsonLogger(logger),
    maxQueryExecutionTime: 1_000,
  };

  if (options.databaseUrl) {
    const database = serviceDatabaseName(options.service, options.databaseName);
    const serviceUrl = withDatabase(options.databaseUrl, database);
    const ownerUrl = options.migrationUrl ? withDatabase(options.migrationUrl, database) : undefined;
    const appRole = roleOf(options.databaseUrl);
    if (ownerUrl && !appRole) throw new Error('DATABASE_URL must name its user when DATABASE_MIGRATION_URL is set');
    const separateOwner = ownerUrl !== undefined && roleOf(ownerUrl) !== appRole;
    const created = await ensureDatabaseExists(options.migrationUrl ?? options.databaseUrl, database, options.service);
    if (created) logger.info('created service database', { database });
    const dataSource = new DataSource({
      ...common,
      url: serviceUrl,
      migrationsRun: !separateOwner,
      poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
    });
    // Replicas of one service starting together would otherwise run the same
    // migrations concurrently; TypeORM takes no lock of its own.
    if (separateOwner) {
      await withMigrationLock(ownerUrl, options.service, async () => {
        await migrate(new DataSource({ ...common, url: ownerUrl, poolSize: 1 }));
        await grantServiceRole(ownerUrl, appRole!, options.service);
      });
      await dataSource.initialize();
    } else {
      await withMigrationLock(serviceUrl, options.service, () => dataSource.initialize());
    }
    logger.info('database ready', { kind: 'postgres', database, ...(separateOwner ? { migratedBy: roleOf(ownerUrl) } : {}) });
    return { dataSource, kind: 'postgres', close: () => destroy(dataSource) };
  }

  const dataDir = resolve(options.dataDir ?? resolve(process.cwd(), '.data'));
  const embedded = await startEmbeddedPostgres(dataDir, options.service);
  const dataSource = new DataSource({
    ...common,
    host: embedded.host,
    port: embedded.port,
    username: 'postgres',
    database: 'postgres',
    // PGlite is single-session (DESIGN.md): one connection, so transactions serialise
    // instead of interleaving on a shared session.
    poolSize: 1,
    // Keep that one session open; reconnecting buys nothing on loopback.
    extra: { idleTimeoutMillis: 0 },
  });
  try {
    await dataSource.initialize();
  } catch (error: unknown) {
    await embedded.stop();
    throw error;
  }
  logger.info('database ready', { kind: 'pglite', path: embedded.dataPath });
  return {
    dataSource,
    kind: 'pglite',
    close: async () => {
      try {
        await destroy(dataSource);
      } finally {
        await embedded.stop();
      }
    },
  };
}

/** Runs the pending migrations (`migrationsRun`) over a short-lived connection of the owner role. */
async function migrate(owner: DataSource): Promise<void> {
  try {
    await owner.initialize();
  } finally {
    await destroy(owner);
  }
}

async function destroy(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
}
