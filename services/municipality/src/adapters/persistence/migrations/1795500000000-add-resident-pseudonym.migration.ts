import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain-wide keyed pseudonym of the resident (libs/privacy), next to the
 * municipality's own BSN blind index: referrals from other organisations carry
 * it, so a referral for a resident who already has an open pathway here is
 * taken into that pathway. Null for residents stored before it existed.
 */
export class AddResidentPseudonym1795500000000 implements MigrationInterface {
  name = 'AddResidentPseudonym1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE resident ADD COLUMN resident_pseudonym text`);
    await queryRunner.query(
      `CREATE INDEX resident_pseudonym_idx ON resident (municipality_code, resident_pseudonym) WHERE resident_pseudonym IS NOT NULL`,
    );
    // The counsellor's work list: pathways per municipality and status, oldest deadline first.
    await queryRunner.query(`CREATE INDEX pathway_municipality_status_idx ON pathway (municipality_code, status, first_conversation_due)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX pathway_municipality_status_idx`);
    await queryRunner.query(`DROP INDEX resident_pseudonym_idx`);
    await queryRunner.query(`ALTER TABLE resident DROP COLUMN resident_pseudonym`);
  }
}
