import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline read model. Every row is derived from events and holds no
 * personal data; the whole schema can be dropped and rebuilt from the topics.
 */
export class CreateTimelineTables1795430000000 implements MigrationInterface {
  name = 'CreateTimelineTables1795430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_entry (
        event_id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL,
        type text NOT NULL,
        source text NOT NULL,
        organisation_kind text NOT NULL,
        organisation_id text NOT NULL,
        classification text NOT NULL,
        occurred_at timestamptz NOT NULL,
        -- The envelope's time exactly as produced, so a refold sees what the live fold saw.
        event_time text NOT NULL,
        topic text NOT NULL,
        kafka_partition int NOT NULL,
        kafka_offset bigint NOT NULL,
        summary text NOT NULL,
        data jsonb NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The timeline of one pathway, in its canonical order (see timeline.query.ts).
    await q.query(
      `CREATE INDEX timeline_entry_pathway_order ON timeline_entry (pathway_id, occurred_at, topic, kafka_partition, kafka_offset)`,
    );
    await q.query(`
      CREATE TABLE pathway_summary (
        pathway_id uuid PRIMARY KEY,
        municipality_code text,
        phase text NOT NULL,
        closed boolean NOT NULL,
        state jsonb NOT NULL,
        last_event_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX pathway_summary_municipality ON pathway_summary (municipality_code, phase) WHERE NOT closed`,
    );
    await q.query(`
      CREATE TABLE projection_checkpoint (
        consumer text NOT NULL,
        topic text NOT NULL,
        kafka_partition int NOT NULL,
        kafka_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, topic, kafka_partition)
      )`);
    // Which projection generation the read model holds (see projection.generation.ts).
    await q.query(
      `CREATE TABLE projection_state (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), generation text NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_state');
    await q.query('DROP TABLE projection_checkpoint');
    await q.query('DROP TABLE pathway_summary');
    await q.query('DROP TABLE timeline_entry');
  }
}
