import type { MigrationInterface } from 'typeorm';

/**
 * A service's schema change. Convention (TypeORM orders and records by name):
 *
 * - file `src/adapters/persistence/migrations/<timestamp>-<name>.migration.ts`,
 *   e.g. `1717000000000-create-outbox.migration.ts` (timestamp = `Date.now()`
 *   when written, 13 digits);
 * - class `<PascalName><timestamp>`, e.g. `CreateOutbox1717000000000`, with
 *   `name = 'CreateOutbox1717000000000'` set explicitly so minifiers and
 *   bundlers cannot change what is recorded in the `migrations` table;
 * - `up` and `down` use plain SQL through the `QueryRunner`; a migration is
 *   never edited once merged, a fix is a new migration;
 * - every migration runs in its own transaction (`migrationsTransactionMode: 'each'`);
 *   `synchronize` is never used.
 *
 * Services pass the classes (not globs) to `createServiceDataSource`, so the
 * list is type-checked and works from both `ts` sources and compiled `dist`.
 */
export type ServiceMigration = new () => MigrationInterface;

const MIGRATION_NAME = /^[A-Z][A-Za-z0-9]*\d{13}$/;

/**
 * Checks the convention above at start-up: a misnamed or duplicated migration
 * would otherwise be recorded wrongly or run in an unexpected order.
 */
export function assertMigrationConvention(migrations: readonly ServiceMigration[]): void {
  const seen = new Set<string>();
  for (const migration of migrations) {
    const name = new migration().name ?? migration.name;
    if (!MIGRATION_NAME.test(name)) {
      throw new Error(`Migration "${name}" must be named <PascalName><13-digit timestamp>, e.g. CreateOutbox1717000000000`);
    }
    if (seen.has(name)) throw new Error(`Migration "${name}" is listed twice`);
    seen.add(name);
  }
}
