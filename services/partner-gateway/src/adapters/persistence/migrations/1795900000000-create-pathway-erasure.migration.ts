import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure (issue 6.4): the erasure requests the gateway carried out, so each
 * is carried out and answered exactly once, and the indexes that find a
 * pathway's event copies and deliveries without scanning every row.
 */
export class CreatePathwayErasure1795900000000 implements MigrationInterface {
  name = 'CreatePathwayErasure1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pathway_erasure (
        erasure_id uuid        PRIMARY KEY,
        pathway_id uuid        NOT NULL,
        erased_at  timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX chain_event_pathway_idx ON chain_event (pathway_id)`);
    await queryRunner.query(`CREATE INDEX delivery_pathway_idx ON delivery (pathway_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX delivery_pathway_idx`);
    await queryRunner.query(`DROP INDEX chain_event_pathway_idx`);
    await queryRunner.query(`DROP TABLE pathway_erasure`);
  }
}
