import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pathway snapshots, encrypted resident data and per-pathway data keys. */
export class CreatePathwayTables1795421491562 implements MigrationInterface {
  name = 'CreatePathwayTables1795421491562';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pathway (
        pathway_id             uuid        PRIMARY KEY,
        municipality_code      text        NOT NULL,
        status                 text        NOT NULL,
        phase                  text,
        first_conversation_due date,
        state                  jsonb       NOT NULL,
        version                int         NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);
    // Work lists per municipality: open pathways by phase and by deadline.
    await queryRunner.query(`CREATE INDEX pathway_municipality_phase_idx ON pathway (municipality_code, phase)`);
    await queryRunner.query(
      `CREATE INDEX pathway_first_conversation_due_idx ON pathway (municipality_code, first_conversation_due) WHERE status = 'open'`,
    );
    await queryRunner.query(`
      CREATE TABLE pathway_data_key (
        pathway_id  uuid        PRIMARY KEY REFERENCES pathway (pathway_id) ON DELETE CASCADE,
        wrapped_key bytea       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE resident (
        pathway_id        uuid        PRIMARY KEY REFERENCES pathway (pathway_id) ON DELETE CASCADE,
        municipality_code text        NOT NULL,
        bsn_index         bytea       NOT NULL,
        sealed_data       bytea       NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now()
      )`);
    // Finding the pathways of the same resident within one municipality.
    await queryRunner.query(`CREATE INDEX resident_bsn_index_idx ON resident (municipality_code, bsn_index)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE resident`);
    await queryRunner.query(`DROP TABLE pathway_data_key`);
    await queryRunner.query(`DROP TABLE pathway`);
  }
}
