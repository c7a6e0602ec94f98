import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B6, flow (QUALITY.md: ≤ 300 ms at 100k pathways / 1M events; 52 weeks of one
 * municipality measured at p99 250-415 ms on the shared 2-core machine). EXPLAIN ANALYZE showed the work-in-progress
 * part reading every stay of the period (~200k rows for 52 weeks of one
 * municipality) by sequential scan, converting each timestamp to its Amsterdam
 * week and hash-aggregating. The week of entry and of exit are now generated
 * columns (computed once when the projection writes the stay, with the
 * expression the query used), each indexed as (week, municipality, phase):
 * every filter reads only the period's index range, the municipality is
 * checked inside the index, and with one municipality the scan returns the
 * rows in (week, phase) order, so the per-week counts need neither a
 * conversion nor a sort (the organisation filter and the stays running at the
 * period's start read the INCLUDE columns). Leading with the municipality was
 * faster for one municipality but reads the whole index for the coordinator's
 * default, unfiltered view. These replace the flow's timestamp indexes.
 *
 * `timezone(text, timestamptz)` and `date_trunc(text, timestamp)` are
 * immutable, so the columns are allowed; a change of Amsterdam's rules in the
 * tz database would need the columns recomputed (a rebuild does that).
 */
export class BottleneckFlowWeeks1795800000002 implements MigrationInterface {
  name = 'BottleneckFlowWeeks1795800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bottleneck_phase_stay
        ADD COLUMN entered_week date GENERATED ALWAYS AS (date_trunc('week', entered_at AT TIME ZONE 'Europe/Amsterdam')::date) STORED,
        ADD COLUMN left_week date GENERATED ALWAYS AS (date_trunc('week', left_at AT TIME ZONE 'Europe/Amsterdam')::date) STORED`);
    await q.query('DROP INDEX bottleneck_phase_stay_entered');
    await q.query('DROP INDEX bottleneck_phase_stay_left');
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_entered_week ON bottleneck_phase_stay (entered_week, municipality_code, phase) INCLUDE (left_week, organisations)`,
    );
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_left_week ON bottleneck_phase_stay (left_week, municipality_code, phase) INCLUDE (entered_week, organisations) WHERE left_week IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX bottleneck_phase_stay_left_week');
    await q.query('DROP INDEX bottleneck_phase_stay_entered_week');
    await q.query('ALTER TABLE bottleneck_phase_stay DROP COLUMN entered_week, DROP COLUMN left_week');
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_entered ON bottleneck_phase_stay (entered_at) INCLUDE (phase, left_at, municipality_code, organisations)`,
    );
    await q.query(
      `CREATE INDEX bottleneck_phase_stay_left ON bottleneck_phase_stay (left_at) INCLUDE (phase, entered_at, municipality_code, organisations) WHERE left_at IS NOT NULL`,
    );
  }
}
