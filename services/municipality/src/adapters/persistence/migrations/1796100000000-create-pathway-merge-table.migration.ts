import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which referral pathway ids were merged into which pathway (the
 * `pathway-merged` facts this municipality published), so that a pathway
 * merged into an erased one is never merged again (issue 12, finding 6): a
 * second merge would re-link the erased history to the resident. Holds no
 * personal data: two random pathway ids and an instant. Merges still in the
 * outbox (its retention window) are carried over; older ones were never
 * recorded in this database.
 */
export class CreatePathwayMergeTable1796100000000 implements MigrationInterface {
  name = 'CreatePathwayMergeTable1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pathway_merge (
        merged_pathway_id uuid        PRIMARY KEY,
        into_pathway_id   uuid        NOT NULL REFERENCES pathway (pathway_id) ON DELETE CASCADE,
        merged_at         timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX pathway_merge_into_idx ON pathway_merge (into_pathway_id)`);
    await queryRunner.query(`
      INSERT INTO pathway_merge (merged_pathway_id, into_pathway_id, merged_at)
      SELECT m.merged_pathway_id, m.into_pathway_id, m.merged_at
        FROM (SELECT o.aggregate_id::uuid AS merged_pathway_id,
                     (convert_from(o.payload, 'UTF8')::jsonb #>> '{data,intoPathwayId}')::uuid AS into_pathway_id,
                     o.created_at AS merged_at, o.seq
                FROM outbox o
               WHERE o.type = 'nl.ketenpad.municipality.pathway-merged.v1') m
        JOIN pathway p ON p.pathway_id = m.into_pathway_id
       ORDER BY m.seq
      ON CONFLICT (merged_pathway_id) DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pathway_merge`);
  }
}
