import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure requests (AVG art. 17) and which service carried each out when.
 * One request per pathway: a second request answers the first. Neither table
 * holds personal data: the requester is the token's opaque `sub`.
 */
export class CreateErasureTables1795800000000 implements MigrationInterface {
  name = 'CreateErasureTables1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE erasure_request (
        erasure_id        uuid        PRIMARY KEY,
        pathway_id        uuid        NOT NULL UNIQUE REFERENCES pathway (pathway_id) ON DELETE CASCADE,
        municipality_code text        NOT NULL,
        requested_at      timestamptz NOT NULL,
        requested_by      text        NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE erasure_completion (
        erasure_id   uuid        NOT NULL REFERENCES erasure_request (erasure_id) ON DELETE CASCADE,
        service      text        NOT NULL,
        completed_at timestamptz NOT NULL,
        PRIMARY KEY (erasure_id, service)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE erasure_completion`);
    await queryRunner.query(`DROP TABLE erasure_request`);
  }
}
