import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patient consents and referrals of the practices; nothing medical is stored. */
export class CreateGpTables1795450000000 implements MigrationInterface {
  name = 'CreateGpTables1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE patient_consent (
        consent_id   uuid        PRIMARY KEY,
        practice_id  text        NOT NULL,
        patient_ref  text        NOT NULL,
        bsn          text        NOT NULL,
        scope        text[]      NOT NULL,
        purpose      text        NOT NULL,
        valid_until  date,
        pathway_id   uuid        NOT NULL,
        recorded_at  timestamptz NOT NULL,
        withdrawn_at timestamptz
      )`);
    // A patient's consents within a practice.
    await queryRunner.query(`CREATE INDEX patient_consent_patient_idx ON patient_consent (practice_id, patient_ref)`);
    await queryRunner.query(`
      CREATE TABLE referral (
        referral_id         uuid        PRIMARY KEY,
        practice_id         text        NOT NULL,
        consent_id          uuid        NOT NULL REFERENCES patient_consent (consent_id),
        pathway_id          uuid        NOT NULL,
        from_org            text        NOT NULL,
        to_org              text        NOT NULL,
        reason              text        NOT NULL,
        urgent              boolean     NOT NULL,
        warm                boolean     NOT NULL,
        made_at             timestamptz NOT NULL,
        status              text        NOT NULL,
        followed_pathway_id uuid,
        outcome             text,
        outcome_at          timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX referral_practice_idx ON referral (practice_id, made_at)`);
    // Chain events are matched to accepted referrals by the pathway they follow.
    await queryRunner.query(`CREATE INDEX referral_followed_pathway_idx ON referral (followed_pathway_id) WHERE outcome IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE referral`);
    await queryRunner.query(`DROP TABLE patient_consent`);
  }
}
