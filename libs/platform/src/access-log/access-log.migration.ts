import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log of pathway reads (NEN 7513 style): who, which organisation and
 * role, when, which pathway, what and why. Append-only: a trigger rejects every
 * UPDATE, DELETE and TRUNCATE, so neither the application nor a bug in it can
 * rewrite history. Only a database owner dropping the trigger can, and that is
 * outside the application's reach and visible in the database's own audit.
 */
export class CreateAccessLog1795700000000 implements MigrationInterface {
  name = 'CreateAccessLog1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_log (
        id                bigserial   PRIMARY KEY,
        occurred_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        pathway_id        uuid        NOT NULL,
        subject           text        NOT NULL,
        organisation_id   text        NOT NULL,
        organisation_kind text        NOT NULL,
        roles             text[]      NOT NULL,
        resource          text        NOT NULL,
        classifications   text[]      NOT NULL DEFAULT '{}',
        purpose           text        NOT NULL,
        correlation_id    text
      )`);
    await queryRunner.query(`CREATE INDEX access_log_pathway_idx ON access_log (pathway_id, occurred_at)`);
    await queryRunner.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_log`);
    await queryRunner.query(`DROP FUNCTION access_log_append_only()`);
  }
}

/** Migrations of the access log, added to every service's data source by the platform. */
export const accessLogMigrations = [CreateAccessLog1795700000000];
