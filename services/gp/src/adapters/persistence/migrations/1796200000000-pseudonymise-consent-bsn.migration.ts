import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ResidentPseudonymiser } from '@ketenpad/privacy';

/**
 * The GP keeps no BSN (issue 12, finding 7): it only ever needed it to send
 * the resident's keyed pseudonym with a referral. Each consent's BSN becomes
 * that pseudonym (HMAC under the chain key, `KETENPAD_PSEUDONYM_KEY`, the
 * same key the service refers with), then the column is dropped. Irreversible:
 * `down` restores the column empty-handed (nullable), not the BSNs.
 */
export class PseudonymiseConsentBsn1796200000000 implements MigrationInterface {
  name = 'PseudonymiseConsentBsn1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pseudonymiser = ResidentPseudonymiser.fromEnv();
    await queryRunner.query(`ALTER TABLE patient_consent ADD COLUMN resident_pseudonym text`);
    const rows = (await queryRunner.query(`SELECT consent_id, bsn FROM patient_consent ORDER BY consent_id FOR UPDATE`)) as Array<{
      consent_id: string;
      bsn: string;
    }>;
    for (const row of rows) {
      await queryRunner.query(`UPDATE patient_consent SET resident_pseudonym = $2 WHERE consent_id = $1`, [
        row.consent_id,
        pseudonymiser.of(row.bsn),
      ]);
    }
    await queryRunner.query(`ALTER TABLE patient_consent ALTER COLUMN resident_pseudonym SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE patient_consent DROP COLUMN bsn`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE patient_consent ADD COLUMN bsn text`);
    await queryRunner.query(`ALTER TABLE patient_consent DROP COLUMN resident_pseudonym`);
  }
}
