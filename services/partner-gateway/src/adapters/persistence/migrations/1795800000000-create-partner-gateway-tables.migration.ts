import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner gateway's own state: the chain events it may have to serve
 * (envelope + data; data holds no personal data by contract), the
 * entitlement projection (who participates in / has consent for which
 * pathway), the subscriptions, the durable delivery queue and the delivery
 * log. Nothing here is personal data: pathways are pseudonymous ids, partners
 * are organisations, the log keeps status codes and latencies, never bodies.
 */
export class CreatePartnerGatewayTables1795800000000 implements MigrationInterface {
  name = 'CreatePartnerGatewayTables1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chain_event (
        seq            bigserial   UNIQUE,
        event_id       uuid        PRIMARY KEY,
        pathway_id     uuid        NOT NULL,
        type           text        NOT NULL,
        source         text        NOT NULL,
        time           timestamptz NOT NULL,
        classification text        NOT NULL,
        envelope       jsonb       NOT NULL,
        received_at    timestamptz NOT NULL
      )`);
    // Replay from a point in time walks the events in the order they arrived.
    await queryRunner.query(`CREATE INDEX chain_event_received_idx ON chain_event (received_at, seq)`);
    await queryRunner.query(`
      CREATE TABLE pathway_municipality (
        pathway_id        uuid PRIMARY KEY,
        municipality_code text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE pathway_referral (
        referral_id uuid        PRIMARY KEY,
        pathway_id  uuid        NOT NULL,
        to_org      text        NOT NULL,
        made_at     timestamptz NOT NULL,
        declined_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX pathway_referral_pathway_idx ON pathway_referral (pathway_id, to_org)`);
    await queryRunner.query(`
      CREATE TABLE pathway_consent (
        consent_id   uuid        PRIMARY KEY,
        pathway_id   uuid        NOT NULL,
        grantee      text        NOT NULL,
        scope        text[]      NOT NULL,
        valid_until  date,
        recorded_at  timestamptz NOT NULL,
        withdrawn_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX pathway_consent_pathway_idx ON pathway_consent (pathway_id, grantee)`);
    await queryRunner.query(`
      CREATE TABLE subscription (
        subscription_id uuid        PRIMARY KEY,
        partner_org     text        NOT NULL,
        callback_url    text        NOT NULL,
        event_types     text[]      NOT NULL,
        municipalities  text[]      NOT NULL DEFAULT '{}',
        classifications text[]      NOT NULL DEFAULT '{}',
        pathway_ids     uuid[]      NOT NULL DEFAULT '{}',
        secret_sealed   bytea       NOT NULL,
        status          text        NOT NULL CHECK (status IN ('active', 'paused', 'failing')),
        verified_at     timestamptz NOT NULL,
        failing_since   timestamptz,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX subscription_partner_idx ON subscription (partner_org, created_at)`);
    await queryRunner.query(`
      CREATE TABLE delivery (
        delivery_id      bigserial   PRIMARY KEY,
        subscription_id  uuid        NOT NULL REFERENCES subscription (subscription_id) ON DELETE CASCADE,
        pathway_id       uuid        NOT NULL,
        event_id         uuid        NOT NULL REFERENCES chain_event (event_id),
        status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'redelivered', 'not-entitled')),
        attempts         integer     NOT NULL DEFAULT 0,
        enqueued_at      timestamptz NOT NULL,
        next_attempt_at  timestamptz NOT NULL,
        first_attempt_at timestamptz,
        last_attempt_at  timestamptz,
        last_status_code integer,
        last_error       text,
        lease_until      timestamptz,
        finished_at      timestamptz
      )`);
    // The worker looks for the oldest pending row per (subscription, pathway): order is delivery_id.
    await queryRunner.query(
      `CREATE INDEX delivery_pending_idx ON delivery (subscription_id, pathway_id, delivery_id) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_subscription_idx ON delivery (subscription_id, status, delivery_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE delivery_attempt (
        attempt_id      bigserial   PRIMARY KEY,
        delivery_id     bigint      NOT NULL REFERENCES delivery (delivery_id) ON DELETE CASCADE,
        subscription_id uuid        NOT NULL,
        event_id        uuid        NOT NULL,
        attempt         integer     NOT NULL,
        attempted_at    timestamptz NOT NULL,
        status_code     integer,
        latency_ms      integer     NOT NULL,
        error           text,
        outcome         text        NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempt_subscription_idx ON delivery_attempt (subscription_id, attempted_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'delivery_attempt',
      'delivery',
      'subscription',
      'pathway_consent',
      'pathway_referral',
      'pathway_municipality',
      'chain_event',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
