import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coordinator analytics, maintained by the projection in the event's own
 * transaction: per-pathway facts as columns of `pathway_summary` (written by
 * the statement that already writes the summary, so no extra statement per
 * event), one row per hand-off and one per phase stay. Everything here is
 * derived from events and emptied on a rebuild - except `timeline_alert`, the
 * record of alerts already published, which must survive a rebuild so that an
 * alert is never raised twice.
 */
export class CreateBottleneckTables1795710000000 implements MigrationInterface {
  name = 'CreateBottleneckTables1795710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pathway_summary
        ADD COLUMN owner text,
        ADD COLUMN organisations text[] NOT NULL DEFAULT '{}',
        ADD COLUMN started_at timestamptz,
        ADD COLUMN crisis boolean NOT NULL DEFAULT false,
        ADD COLUMN first_conversation_due date,
        ADD COLUMN first_conversation_held_at timestamptz,
        ADD COLUMN first_conversation_on_time boolean,
        ADD COLUMN settlement_started_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN close_reason text,
        ADD COLUMN phase_at_close text,
        ADD COLUMN dropped_out boolean,
        ADD COLUMN hand_offs int NOT NULL DEFAULT 0,
        ADD COLUMN declined int NOT NULL DEFAULT 0,
        ADD COLUMN bounces int NOT NULL DEFAULT 0,
        ADD COLUMN pillar_index int NOT NULL DEFAULT 0`);
    // Open pathways by deadline (Wgs compliance, alerts) and by last activity (stalled).
    await q.query(
      `CREATE INDEX pathway_summary_open_due ON pathway_summary (first_conversation_due) WHERE NOT closed AND first_conversation_held_at IS NULL`,
    );
    await q.query(`CREATE INDEX pathway_summary_open_last_event ON pathway_summary (last_event_at) WHERE NOT closed`);
    await q.query(
      `CREATE INDEX pathway_summary_held ON pathway_summary (first_conversation_held_at) WHERE first_conversation_held_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX pathway_summary_started ON pathway_summary (started_at)`);
    await q.query(`CREATE INDEX pathway_summary_closed_at ON pathway_summary (closed_at) WHERE closed_at IS NOT NULL`);
    await q.query(`CREATE INDEX pathway_summary_pillar ON pathway_summary (pillar_index DESC) WHERE pillar_index > 0`);
    await q.query(`CREATE INDEX pathway_summary_organisations ON pathway_summary USING gin (organisations)`);
    await q.query(`
      CREATE TABLE bottleneck_hand_off (
        pathway_id uuid NOT NULL,
        referral_id uuid NOT NULL,
        municipality_code text,
        pathway_closed boolean NOT NULL,
        from_org text,
        to_org text,
        referred_at timestamptz,
        status text NOT NULL,
        accepted_at timestamptz,
        declined_at timestamptz,
        first_contact_at timestamptz,
        bounce boolean NOT NULL,
        PRIMARY KEY (pathway_id, referral_id)
      )`);
    await q.query(`CREATE INDEX bottleneck_hand_off_referred ON bottleneck_hand_off (referred_at)`);
    await q.query(
      `CREATE INDEX bottleneck_hand_off_waiting ON bottleneck_hand_off (referred_at) WHERE status = 'waiting' AND NOT pathway_closed`,
    );
    // No unique key: a pathway's stays are replaced as a whole (one statement) when they change.
    await q.query(`
      CREATE TABLE bottleneck_phase_stay (
        pathway_id uuid NOT NULL,
        seq int NOT NULL,
        municipality_code text,
        phase text NOT NULL,
        entered_at timestamptz NOT NULL,
        left_at timestamptz
      )`);
    await q.query(`CREATE INDEX bottleneck_phase_stay_pathway ON bottleneck_phase_stay (pathway_id)`);
    await q.query(`CREATE INDEX bottleneck_phase_stay_entered ON bottleneck_phase_stay (entered_at)`);
    // One row per alert ever published; the unique key makes publishing exactly once.
    await q.query(`
      CREATE TABLE timeline_alert (
        kind text NOT NULL,
        subject_id text NOT NULL,
        pathway_id uuid NOT NULL,
        event_id uuid NOT NULL,
        detected_at timestamptz NOT NULL,
        PRIMARY KEY (kind, subject_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE timeline_alert');
    await q.query('DROP TABLE bottleneck_phase_stay');
    await q.query('DROP TABLE bottleneck_hand_off');
    for (const index of ['open_due', 'open_last_event', 'held', 'started', 'closed_at', 'pillar', 'organisations'])
      await q.query(`DROP INDEX pathway_summary_${index}`);
    await q.query(`
      ALTER TABLE pathway_summary DROP COLUMN owner, DROP COLUMN organisations, DROP COLUMN started_at, DROP COLUMN crisis, DROP COLUMN first_conversation_due,
        DROP COLUMN first_conversation_held_at, DROP COLUMN first_conversation_on_time, DROP COLUMN settlement_started_at, DROP COLUMN closed_at,
        DROP COLUMN close_reason, DROP COLUMN phase_at_close, DROP COLUMN dropped_out, DROP COLUMN hand_offs, DROP COLUMN declined, DROP COLUMN bounces, DROP COLUMN pillar_index`);
  }
}
