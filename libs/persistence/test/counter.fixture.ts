import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A one-row table that concurrency tests increment. */
@Entity({ name: 'counter' })
export class CounterRow {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'integer' })
  value!: number;

  /** Added by the second migration. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

export class CreateCounter1717000000000 implements MigrationInterface {
  name = 'CreateCounter1717000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE counter (id text PRIMARY KEY, value integer NOT NULL)`);
    await queryRunner.query(`INSERT INTO counter (id, value) VALUES ('main', 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE counter`);
  }
}

export class AddCounterNote1717000000001 implements MigrationInterface {
  name = 'AddCounterNote1717000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE counter ADD COLUMN note text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE counter DROP COLUMN note`);
  }
}

export const counterSchema = { entities: [CounterRow], migrations: [CreateCounter1717000000000, AddCounterNote1717000000001] };
