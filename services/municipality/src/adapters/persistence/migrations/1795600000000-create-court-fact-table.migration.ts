import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Court instruments of the municipality's pathways as the court liaison
 * publishes them (moratorium, voorlopige voorziening, dwangakkoord, Wsnp,
 * beschermingsbewind), one row per event, for the DDAS delivery. Facts are
 * never changed, so no update path exists.
 */
export class CreateCourtFactTable1795600000000 implements MigrationInterface {
  name = 'CreateCourtFactTable1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE court_fact (
        event_id          uuid        PRIMARY KEY,
        pathway_id        uuid        NOT NULL REFERENCES pathway (pathway_id) ON DELETE CASCADE,
        municipality_code text        NOT NULL,
        kind              text        NOT NULL,
        at                timestamptz NOT NULL,
        fact              jsonb       NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // The DDAS export reads the facts of a municipality's pathways.
    await queryRunner.query(`CREATE INDEX court_fact_pathway_idx ON court_fact (municipality_code, pathway_id, at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE court_fact`);
  }
}
