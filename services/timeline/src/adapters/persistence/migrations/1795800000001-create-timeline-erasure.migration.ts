import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasures carried out (AVG art. 17): one row per erasure request and pathway
 * (the pathway itself and those merged into it). Not derived from the
 * timeline's read model, so a rebuild keeps it: events projected again are
 * stored without identifying data, and no erasure is answered twice.
 */
export class CreateTimelineErasure1795800000001 implements MigrationInterface {
  name = 'CreateTimelineErasure1795800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_erasure (
        erasure_id uuid NOT NULL,
        pathway_id uuid NOT NULL,
        erased_at timestamptz NOT NULL,
        PRIMARY KEY (erasure_id, pathway_id)
      )`);
    await q.query('CREATE INDEX timeline_erasure_pathway ON timeline_erasure (pathway_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE timeline_erasure');
  }
}
