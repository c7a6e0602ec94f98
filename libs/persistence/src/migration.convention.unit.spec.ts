import type { MigrationInterface } from 'typeorm';
import { assertMigrationConvention } from './migration.convention';

function migration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    async up(): Promise<void> {}
    async down(): Promise<void> {}
  };
}

describe('assertMigrationConvention', () => {
  it('accepts PascalCase names ending in a 13-digit timestamp', () => {
    expect(() => assertMigrationConvention([migration('CreateOutbox1717000000000'), migration('AddInbox1717000000001')])).not.toThrow();
  });

  it('rejects a name without a timestamp', () => {
    expect(() => assertMigrationConvention([migration('CreateOutbox')])).toThrow(/13-digit timestamp/);
  });

  it('rejects the same migration listed twice', () => {
    expect(() => assertMigrationConvention([migration('CreateOutbox1717000000000'), migration('CreateOutbox1717000000000')])).toThrow(/twice/);
  });
});
