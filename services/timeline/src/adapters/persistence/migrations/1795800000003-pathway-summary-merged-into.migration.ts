import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pathways merged into a pathway, by the `mergedInto` of their summaries:
 * the access log of a pathway includes the reads of those merged into it, and
 * an erasure reaches them too. Partial, so only merged pathways are indexed;
 * without it each lookup reads every summary's state.
 */
export class PathwaySummaryMergedInto1795800000003 implements MigrationInterface {
  name = 'PathwaySummaryMergedInto1795800000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX pathway_summary_merged_into ON pathway_summary ((state->>'mergedInto')) WHERE state->>'mergedInto' IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX pathway_summary_merged_into');
  }
}
