import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B6 (QUALITY.md: every bottleneck query ≤ 300 ms at 100k pathways / 1M
 * events). Durations are stored as generated columns, so they are computed once
 * when the projection writes a row, with the very expression the queries used
 * (numeric, so averages stay exact). Each distribution reads one partial
 * covering index in (group, duration) order: an index-only scan feeds the
 * percentile already sorted instead of sorting every row of the table.
 * Phase stays carry the pathway's organisations (written with the stays) so the
 * organisation filter needs no join.
 */
export class BottleneckDurationColumns1795800000000 implements MigrationInterface {
  name = 'BottleneckDurationColumns1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bottleneck_phase_stay
        ADD COLUMN organisations text[] NOT NULL DEFAULT '{}',
        ADD COLUMN days numeric GENERATED ALWAYS AS (extract(epoch FROM (left_at - entered_at)) / 86400.0) STORED`);
    await q.query('DROP INDEX bottleneck_phase_stay_entered');
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_completed ON bottleneck_phase_stay (phase, days) INCLUDE (entered_at, municipality_code, organisations) WHERE left_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_ongoing ON bottleneck_phase_stay (phase) INCLUDE (entered_at, municipality_code, organisations) WHERE left_at IS NULL`,
    );
    // Flow: entries and exits per week of the period, and the stays running at its start.
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_entered ON bottleneck_phase_stay (entered_at) INCLUDE (phase, left_at, municipality_code, organisations)`,
    );
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_left ON bottleneck_phase_stay (left_at) INCLUDE (phase, entered_at, municipality_code, organisations) WHERE left_at IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE pathway_summary
        ADD COLUMN settlement_preparation_days numeric GENERATED ALWAYS AS (extract(epoch FROM (settlement_started_at - started_at)) / 86400.0) STORED,
        ADD COLUMN first_appointment_days numeric GENERATED ALWAYS AS (extract(epoch FROM (first_conversation_held_at - started_at)) / 86400.0) STORED`);
    await q.query(
      `CREATE INDEX pathway_summary_settlement_preparation ON pathway_summary (settlement_preparation_days) INCLUDE (started_at, municipality_code, organisations) WHERE settlement_preparation_days IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX pathway_summary_first_appointment ON pathway_summary (first_appointment_days) INCLUDE (started_at, municipality_code, organisations) WHERE first_appointment_days IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE bottleneck_hand_off
        ADD COLUMN acceptance_hours numeric GENERATED ALWAYS AS (extract(epoch FROM (accepted_at - referred_at)) / 3600.0) STORED,
        ADD COLUMN first_contact_hours numeric GENERATED ALWAYS AS (extract(epoch FROM (first_contact_at - accepted_at)) / 3600.0) STORED`);
    await q.query(
      `CREATE INDEX bottleneck_hand_off_pairs ON bottleneck_hand_off (from_org, to_org) INCLUDE (referred_at, municipality_code, status, pathway_closed) WHERE referred_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX bottleneck_hand_off_acceptance ON bottleneck_hand_off (from_org, to_org, acceptance_hours) INCLUDE (referred_at, municipality_code) WHERE referred_at IS NOT NULL AND acceptance_hours IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX bottleneck_hand_off_first_contact ON bottleneck_hand_off (from_org, to_org, first_contact_hours) INCLUDE (referred_at, municipality_code) WHERE referred_at IS NOT NULL AND first_contact_hours IS NOT NULL`,
    );
    // The organisation filter of hand-offs reads the id out of the URNs; without statistics on that expression the
    // planner guesses 0.5 % of the rows match and sorts instead of reading the index in order.
    await q.query(
      `CREATE STATISTICS bottleneck_hand_off_org_ids ON split_part(from_org, ':', 5), split_part(to_org, ':', 5) FROM bottleneck_hand_off`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS bottleneck_hand_off_org_ids');
    for (const index of ['pairs', 'acceptance', 'first_contact'])
      await q.query(`DROP INDEX bottleneck_hand_off_${index}`);
    await q.query('ALTER TABLE bottleneck_hand_off DROP COLUMN acceptance_hours, DROP COLUMN first_contact_hours');
    for (const index of ['settlement_preparation', 'first_appointment'])
      await q.query(`DROP INDEX pathway_summary_${index}`);
    await q.query(
      'ALTER TABLE pathway_summary DROP COLUMN settlement_preparation_days, DROP COLUMN first_appointment_days',
    );
    for (const index of ['completed', 'ongoing', 'entered', 'left'])
      await q.query(`DROP INDEX bottleneck_phase_stay_${index}`);
    await q.query('ALTER TABLE bottleneck_phase_stay DROP COLUMN organisations, DROP COLUMN days');
    await q.query('CREATE INDEX bottleneck_phase_stay_entered ON bottleneck_phase_stay (entered_at)');
  }
}
