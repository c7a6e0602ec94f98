import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pg_notify channel the outbox trigger signals on; the relay LISTENs to it. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Outbox, inbox and consumer attempt tables. Every service that publishes or
 * consumes events runs this migration in its own database.
 */
export class CreateMessagingTables1763884800000 implements MigrationInterface {
  name = 'CreateMessagingTables1763884800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Columns follow the Debezium outbox event router: the aggregate id is the
    // Kafka key, the event id travels as a header for consumer dedupe.
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq            bigserial   PRIMARY KEY,
        id             uuid        NOT NULL UNIQUE,
        aggregate_type text        NOT NULL,
        aggregate_id   text        NOT NULL,
        type           text        NOT NULL,
        topic          text        NOT NULL,
        payload        bytea       NOT NULL,
        headers        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at     timestamptz NOT NULL DEFAULT now(),
        sent_at        timestamptz
      )`);
    // The relay only ever reads unsent rows in seq order: keep that index tiny.
    await queryRunner.query(`CREATE INDEX outbox_unsent_idx ON outbox (seq) WHERE sent_at IS NULL`);
    // One notification per INSERT statement (not per row); delivered on commit,
    // so a rolled-back transaction wakes nobody.
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer    text        NOT NULL,
        event_id    uuid        NOT NULL,
        topic       text        NOT NULL,
        partition   int         NOT NULL,
        "offset"    bigint      NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    // Attempts are counted in their own transaction before the handler runs, so
    // a message that crashes the process is still counted and ends as poison.
    await queryRunner.query(`
      CREATE TABLE consumer_attempts (
        consumer   text        NOT NULL,
        topic      text        NOT NULL,
        partition  int         NOT NULL,
        "offset"   bigint      NOT NULL,
        attempts   int         NOT NULL,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, topic, partition, "offset")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE consumer_attempts`);
    await queryRunner.query(`DROP TABLE inbox`);
    await queryRunner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
    await queryRunner.query(`DROP TABLE outbox`);
  }
}

/** Migrations of this library, to add to a service's data source. */
export const messagingMigrations = [CreateMessagingTables1763884800000];
