import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Court cases (snapshots per organisation and pathway), the referrals that reached them, and the durable job schedule. */
export class CreateCourtCaseTables1795440000000 implements MigrationInterface {
  name = 'CreateCourtCaseTables1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE court_case (
        organisation_id text        NOT NULL,
        pathway_id      uuid        NOT NULL,
        status          text        NOT NULL,
        state           jsonb       NOT NULL,
        version         int         NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, pathway_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE court_referral (
        organisation_id text        NOT NULL,
        referral_id     uuid        NOT NULL,
        pathway_id      uuid        NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, referral_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE scheduled_job (
        id              uuid        PRIMARY KEY,
        organisation_id text        NOT NULL,
        pathway_id      uuid        NOT NULL,
        kind            text        NOT NULL,
        due_on          date        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        done_at         timestamptz
      )`);
    // The poller only ever reads jobs not yet done, by due date: keep that index tiny.
    await queryRunner.query(`CREATE INDEX scheduled_job_due_idx ON scheduled_job (due_on) WHERE done_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scheduled_job`);
    await queryRunner.query(`DROP TABLE court_referral`);
    await queryRunner.query(`DROP TABLE court_case`);
  }
}
