import type { EntityManager } from 'typeorm';
import type { ChainEvent } from '../../domain/chain-event';
import type { PathwaySummary } from '../../domain/pathway-summary';

export interface TimelineEntryRow {
  event: ChainEvent;
  organisationKind: string;
  organisationId: string;
  topic: string;
  partition: number;
  offset: string;
  summary: string;
}

export interface StoredTimelineEntry {
  eventId: string;
  type: string;
  source: string;
  organisationKind: string;
  organisationId: string;
  classification: string;
  occurredAt: string;
  summary: string;
  data: Record<string, unknown>;
}

interface EntryRecord {
  event_id: string;
  type: string;
  source: string;
  organisation_kind: string;
  organisation_id: string;
  classification: string;
  occurred_at: Date;
  summary: string;
  data: Record<string, unknown>;
}

/**
 * Reads and writes the timeline read model. Every method takes the
 * EntityManager of the caller's transaction (STYLE.md rule 4).
 */
export class TimelineRepository {
  async insertEntry(manager: EntityManager, row: TimelineEntryRow): Promise<void> {
    const e = row.event;
    await manager.query(
      `INSERT INTO timeline_entry (event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id) DO NOTHING`,
      [e.id, e.pathwayId, e.type, e.source, row.organisationKind, row.organisationId, e.classification, e.time, e.time, row.topic, row.partition, row.offset, row.summary, JSON.stringify(e.data)],
    );
  }

  /** The summary, locked for update until the caller's transaction ends. */
  async lockSummary(manager: EntityManager, pathwayId: string): Promise<PathwaySummary | undefined> {
    const rows: Array<{ state: PathwaySummary }> = await manager.query('SELECT state FROM pathway_summary WHERE pathway_id = $1 FOR UPDATE', [pathwayId]);
    return rows[0]?.state;
  }

  async saveSummary(manager: EntityManager, summary: PathwaySummary): Promise<void> {
    await manager.query(
      `INSERT INTO pathway_summary (pathway_id, municipality_code, phase, closed, state, last_event_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, phase = EXCLUDED.phase,
         closed = EXCLUDED.closed, state = EXCLUDED.state, last_event_at = EXCLUDED.last_event_at, updated_at = now()`,
      [summary.pathwayId, summary.municipalityCode, summary.phase, summary.closedAt !== null, JSON.stringify(summary), summary.lastEventAt],
    );
  }

  async saveCheckpoint(manager: EntityManager, consumer: string, topic: string, partition: number, offset: string): Promise<void> {
    await manager.query(
      `INSERT INTO projection_checkpoint (consumer, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE SET kafka_offset = GREATEST(projection_checkpoint.kafka_offset, EXCLUDED.kafka_offset), updated_at = now()`,
      [consumer, topic, partition, offset],
    );
  }

  /** Every event of a pathway in canonical order, as the fold consumes them. */
  async findEventsForFold(manager: EntityManager, pathwayId: string): Promise<ChainEvent[]> {
    const rows: Array<{ event_id: string; type: string; source: string; event_time: string; classification: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT event_id, type, source, event_time, classification, data FROM timeline_entry WHERE pathway_id = $1
        ORDER BY occurred_at, topic, kafka_partition, kafka_offset`,
      [pathwayId],
    );
    return rows.map((r) => ({ id: r.event_id, type: r.type, source: r.source, time: r.event_time, pathwayId, classification: r.classification, data: r.data }));
  }

  async findSummary(manager: EntityManager, pathwayId: string): Promise<PathwaySummary | undefined> {
    const rows: Array<{ state: PathwaySummary }> = await manager.query('SELECT state FROM pathway_summary WHERE pathway_id = $1', [pathwayId]);
    return rows[0]?.state;
  }

  /**
   * Canonical order: by the time the fact happened, then by broker position.
   * Events of one producer for one pathway share a partition, so their offsets
   * keep the producer's order even when timestamps are equal; the order is the
   * same after a rebuild from offset zero.
   */
  async findEntries(manager: EntityManager, pathwayId: string): Promise<StoredTimelineEntry[]> {
    const rows: EntryRecord[] = await manager.query(
      `SELECT event_id, type, source, organisation_kind, organisation_id, classification, occurred_at, summary, data
         FROM timeline_entry WHERE pathway_id = $1
        ORDER BY occurred_at, topic, kafka_partition, kafka_offset`,
      [pathwayId],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      type: r.type,
      source: r.source,
      organisationKind: r.organisation_kind,
      organisationId: r.organisation_id,
      classification: r.classification,
      occurredAt: new Date(r.occurred_at).toISOString(),
      summary: r.summary,
      data: r.data,
    }));
  }
}
