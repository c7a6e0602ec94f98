import type { EntityManager } from 'typeorm';
import { handOffs, pathwayFacts, phaseIntervals } from '../../domain/bottleneck-facts';
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

/** Where an event was read from: the checkpoint the projection keeps per partition. */
export interface ProjectionPosition {
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
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
  /**
   * Writes the effect of one event in ONE statement (data-modifying CTEs): the
   * timeline entry, the summary with its analytic columns, the pathway's
   * hand-off and phase-stay rows when they changed, and the checkpoint. With
   * the summary lock that makes two statements per event instead of four, and
   * keeps the analytics in the event's own transaction.
   */
  async saveProjection(
    manager: EntityManager,
    entry: TimelineEntryRow,
    previous: PathwaySummary | undefined,
    summary: PathwaySummary,
    position: ProjectionPosition,
  ): Promise<void> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const e = entry.event;
    const facts = pathwayFacts(summary);
    const pathway = p(summary.pathwayId);
    const ctes = [
      `entry AS (INSERT INTO timeline_entry (event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data)
        VALUES (${p(e.id)}, ${pathway}, ${p(e.type)}, ${p(e.source)}, ${p(entry.organisationKind)}, ${p(entry.organisationId)}, ${p(e.classification)}, ${p(e.time)}, ${p(e.time)}, ${p(entry.topic)}, ${p(entry.partition)}, ${p(entry.offset)}, ${p(entry.summary)}, ${p(JSON.stringify(e.data))})
        ON CONFLICT (event_id) DO NOTHING)`,
      `summary AS (INSERT INTO pathway_summary (pathway_id, municipality_code, phase, closed, state, last_event_at, updated_at, owner, organisations, started_at, crisis,
          first_conversation_due, first_conversation_held_at, first_conversation_on_time, settlement_started_at, closed_at, close_reason, phase_at_close, dropped_out,
          hand_offs, declined, bounces, pillar_index)
        VALUES (${pathway}, ${p(summary.municipalityCode)}, ${p(summary.phase)}, ${p(summary.closedAt !== null)}, ${p(JSON.stringify(summary))}, ${p(summary.lastEventAt)}, now(), ${p(summary.owner)},
          ${p(facts.organisations)}, ${p(summary.startedAt)}, ${p(facts.crisis)}, ${p(facts.firstConversationDue)}, ${p(facts.firstConversationHeldAt)}, ${p(facts.firstConversationOnTime)},
          ${p(facts.settlementStartedAt)}, ${p(summary.closedAt)}, ${p(summary.closeReason)}, ${p(summary.phaseAtClose)}, ${p(facts.droppedOut)},
          ${p(facts.handOffs)}, ${p(facts.declined)}, ${p(facts.bounces)}, ${p(facts.pillarIndex)})
        ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, phase = EXCLUDED.phase, closed = EXCLUDED.closed, state = EXCLUDED.state,
          last_event_at = EXCLUDED.last_event_at, updated_at = now(), owner = EXCLUDED.owner, organisations = EXCLUDED.organisations, started_at = EXCLUDED.started_at,
          crisis = EXCLUDED.crisis, first_conversation_due = EXCLUDED.first_conversation_due, first_conversation_held_at = EXCLUDED.first_conversation_held_at,
          first_conversation_on_time = EXCLUDED.first_conversation_on_time, settlement_started_at = EXCLUDED.settlement_started_at, closed_at = EXCLUDED.closed_at,
          close_reason = EXCLUDED.close_reason, phase_at_close = EXCLUDED.phase_at_close, dropped_out = EXCLUDED.dropped_out, hand_offs = EXCLUDED.hand_offs,
          declined = EXCLUDED.declined, bounces = EXCLUDED.bounces, pillar_index = EXCLUDED.pillar_index)`,
    ];
    const context = (s: PathwaySummary | undefined) =>
      s && { municipalityCode: s.municipalityCode, closedAt: s.closedAt };
    const changed = <T>(pick: (s: PathwaySummary) => T): boolean =>
      previous === undefined ||
      JSON.stringify([pick(previous), context(previous)]) !== JSON.stringify([pick(summary), context(summary)]);
    const referrals = handOffs(summary);
    if (referrals.length > 0 && changed((s) => s.referrals)) {
      const rows = referrals.map(
        (r) =>
          `(${pathway}, ${p(r.referralId)}, ${p(summary.municipalityCode)}, ${p(summary.closedAt !== null)}, ${p(r.fromOrg)}, ${p(r.toOrg)}, ${p(r.referredAt)}::timestamptz, ${p(r.status)}, ${p(r.acceptedAt)}::timestamptz, ${p(r.declinedAt)}::timestamptz, ${p(r.firstContactAt)}::timestamptz, ${p(r.bounce)})`,
      );
      ctes.push(`hand_offs AS (INSERT INTO bottleneck_hand_off (pathway_id, referral_id, municipality_code, pathway_closed, from_org, to_org, referred_at, status, accepted_at, declined_at, first_contact_at, bounce)
        VALUES ${rows.join(', ')}
        ON CONFLICT (pathway_id, referral_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, pathway_closed = EXCLUDED.pathway_closed, from_org = EXCLUDED.from_org,
          to_org = EXCLUDED.to_org, referred_at = EXCLUDED.referred_at, status = EXCLUDED.status, accepted_at = EXCLUDED.accepted_at, declined_at = EXCLUDED.declined_at,
          first_contact_at = EXCLUDED.first_contact_at, bounce = EXCLUDED.bounce)`);
    }
    if (changed((s) => [s.phaseHistory, s.startedAt])) {
      // Sub-statements of one query share a snapshot: the DELETE removes only the old stays, never the ones inserted beside it.
      ctes.push(`stays_gone AS (DELETE FROM bottleneck_phase_stay WHERE pathway_id = ${pathway})`);
      const stays = phaseIntervals(summary).map(
        (i) =>
          `(${pathway}, ${p(i.seq)}::int, ${p(summary.municipalityCode)}, ${p(i.phase)}, ${p(i.enteredAt)}::timestamptz, ${p(i.leftAt)}::timestamptz)`,
      );
      if (stays.length > 0)
        ctes.push(
          `stays AS (INSERT INTO bottleneck_phase_stay (pathway_id, seq, municipality_code, phase, entered_at, left_at) VALUES ${stays.join(', ')})`,
        );
    }
    await manager.query(
      `WITH ${ctes.join(',\n')}
       INSERT INTO projection_checkpoint (consumer, topic, kafka_partition, kafka_offset) VALUES (${p(position.consumer)}, ${p(position.topic)}, ${p(position.partition)}, ${p(position.offset)})
       ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE SET kafka_offset = GREATEST(projection_checkpoint.kafka_offset, EXCLUDED.kafka_offset), updated_at = now()`,
      params,
    );
  }

  async insertEntry(manager: EntityManager, row: TimelineEntryRow): Promise<void> {
    const e = row.event;
    await manager.query(
      `INSERT INTO timeline_entry (event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        e.id,
        e.pathwayId,
        e.type,
        e.source,
        row.organisationKind,
        row.organisationId,
        e.classification,
        e.time,
        e.time,
        row.topic,
        row.partition,
        row.offset,
        row.summary,
        JSON.stringify(e.data),
      ],
    );
  }

  /** The summary, locked for update until the caller's transaction ends. */
  async lockSummary(manager: EntityManager, pathwayId: string): Promise<PathwaySummary | undefined> {
    const rows: Array<{ state: PathwaySummary }> = await manager.query(
      'SELECT state FROM pathway_summary WHERE pathway_id = $1 FOR UPDATE',
      [pathwayId],
    );
    return rows[0]?.state;
  }

  /** Every event of a pathway in canonical order, as the fold consumes them. */
  async findEventsForFold(manager: EntityManager, pathwayId: string): Promise<ChainEvent[]> {
    const rows: Array<{
      event_id: string;
      type: string;
      source: string;
      event_time: string;
      classification: string;
      data: Record<string, unknown>;
    }> = await manager.query(
      `SELECT event_id, type, source, event_time, classification, data FROM timeline_entry WHERE pathway_id = $1
        ORDER BY occurred_at, topic, kafka_partition, kafka_offset`,
      [pathwayId],
    );
    return rows.map((r) => ({
      id: r.event_id,
      type: r.type,
      source: r.source,
      time: r.event_time,
      pathwayId,
      classification: r.classification,
      data: r.data,
    }));
  }

  async findSummary(manager: EntityManager, pathwayId: string): Promise<PathwaySummary | undefined> {
    const rows: Array<{ state: PathwaySummary }> = await manager.query(
      'SELECT state FROM pathway_summary WHERE pathway_id = $1',
      [pathwayId],
    );
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
