import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merges and responsibility (issue 6): the gateway keeps what it knows of a
 * pathway in the chain's shared shape (`chain_pathway`, `personal_data_erasure`
 * of `ChainPathwayRepository` in libs/platform), so the municipality's
 * erasure and access-log reads of a pathway reach the event copies and reads
 * kept under the pathways it merged into it, as in GP, social work and court
 * liaison. `pathway_municipality` becomes `chain_pathway` with the pathway
 * it was merged into; `pathway_erasure` becomes `personal_data_erasure`.
 * Neither holds personal data: pathway ids are random, codes are organisations'.
 */
export class RecordPathwayMerges1796000000000 implements MigrationInterface {
  name = 'RecordPathwayMerges1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pathway_municipality RENAME TO chain_pathway`);
    await queryRunner.query(`ALTER INDEX pathway_municipality_pkey RENAME TO chain_pathway_pkey`);
    await queryRunner.query(`ALTER TABLE chain_pathway ADD COLUMN merged_into uuid`);
    // Erasure and the access log walk merges from the surviving pathway to the merged ones.
    await queryRunner.query(
      `CREATE INDEX chain_pathway_merged_into ON chain_pathway (merged_into) WHERE merged_into IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE pathway_erasure RENAME TO personal_data_erasure`);
    await queryRunner.query(`ALTER INDEX pathway_erasure_pkey RENAME TO personal_data_erasure_pkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX personal_data_erasure_pkey RENAME TO pathway_erasure_pkey`);
    await queryRunner.query(`ALTER TABLE personal_data_erasure RENAME TO pathway_erasure`);
    await queryRunner.query(`DROP INDEX chain_pathway_merged_into`);
    await queryRunner.query(`ALTER TABLE chain_pathway DROP COLUMN merged_into`);
    await queryRunner.query(`ALTER INDEX chain_pathway_pkey RENAME TO pathway_municipality_pkey`);
    await queryRunner.query(`ALTER TABLE chain_pathway RENAME TO pathway_municipality`);
  }
}
