import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the court liaison needs for issue 6 (need-to-know and erasure):
 * - `chain_pathway`: which municipality is responsible for a pathway the court
 *   liaison has a case or referral of (only those: data minimisation), and into
 *   which pathway the municipality merged it;
 * - `personal_data_erasure`: the erasures answered, so an erasure request is
 *   answered exactly once whatever the broker redelivers.
 * Neither holds personal data: pathway ids are random, codes are organisations'.
 */
export class CreatePrivacyTables1795710000000 implements MigrationInterface {
  name = 'CreatePrivacyTables1795710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chain_pathway (
        pathway_id        uuid PRIMARY KEY,
        municipality_code text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
        merged_into       uuid
      )`);
    await q.query(
      'CREATE INDEX chain_pathway_merged_into ON chain_pathway (merged_into) WHERE merged_into IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE personal_data_erasure (
        erasure_id uuid        PRIMARY KEY,
        pathway_id uuid        NOT NULL,
        erased_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_erasure');
    await q.query('DROP TABLE chain_pathway');
  }
}
