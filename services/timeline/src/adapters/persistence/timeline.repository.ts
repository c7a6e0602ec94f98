import type { EntityManager } from 'typeorm';
import { handOffs, pathwayFacts, phaseIntervals } from '../../domain/bottleneck-facts';
import type { ChainEvent } from '../../domain/chain-event';
import type { PathwaySummary } from '../../domain/pathway-summary';
import { IDENTIFYING_KEYS } from '../../domain/personal-data';
import { pathwayWithMerged } from './pathway-responsibility.repository';

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

/** One pathway's summary before and after a set of events. */
export interface PathwayProjection {
  previous: PathwaySummary | undefined;
  summary: PathwaySummary;
}

const ENTRY_COLUMNS =
  'event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data';

/** Numbered parameters for one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Reads and writes the timeline read model. Every method takes the
 * EntityManager of the caller's transaction (STYLE.md rule 4).
 */
export class TimelineRepository {
  /**
   * Writes the effect of a set of events in ONE statement (data-modifying
   * CTEs, multi-row): the timeline entries (unless already stored for a
   * refold), the summaries with their analytic columns, the hand-off and
   * phase-stay rows of the pathways where they changed, and the checkpoints.
   * With the summary lock that makes two statements per set of events, in the
   * events' own transaction.
   */
  async saveProjections(
    manager: EntityManager,
    entries: readonly TimelineEntryRow[],
    projections: readonly PathwayProjection[],
    positions: readonly ProjectionPosition[],
  ): Promise<void> {
    const q = new Params();
    const p = (value: unknown) => q.add(value);
    const ctes: string[] = [];
    if (entries.length > 0) {
      const rows = entries.map((entry) => {
        const e = entry.event;
        return `(${p(e.id)}::uuid, ${p(e.pathwayId)}::uuid, ${p(e.type)}, ${p(e.source)}, ${p(entry.organisationKind)}, ${p(entry.organisationId)}, ${p(e.classification)}, ${p(e.time)}::timestamptz, ${p(e.time)}, ${p(entry.topic)}, ${p(entry.partition)}::int, ${p(entry.offset)}::bigint, ${p(entry.summary)}, ${p(JSON.stringify(e.data))}::jsonb)`;
      });
      ctes.push(
        `entries AS (INSERT INTO timeline_entry (${ENTRY_COLUMNS}) VALUES ${rows.join(', ')} ON CONFLICT (event_id) DO NOTHING)`,
      );
    }
    const summaries: string[] = [];
    const handOffRows: string[] = [];
    const staysOf: string[] = [];
    const stayRows: string[] = [];
    for (const { previous, summary } of projections) {
      const facts = pathwayFacts(summary);
      const pathway = p(summary.pathwayId);
      summaries.push(`(${pathway}::uuid, ${p(summary.municipalityCode)}, ${p(summary.phase)}, ${p(summary.closedAt !== null)}::boolean, ${p(JSON.stringify(summary))}::jsonb, ${p(summary.lastEventAt)}::timestamptz, now(), ${p(summary.owner)},
          ${p(facts.organisations)}::text[], ${p(summary.startedAt)}::timestamptz, ${p(facts.crisis)}::boolean, ${p(facts.firstConversationDue)}::date, ${p(facts.firstConversationHeldAt)}::timestamptz, ${p(facts.firstConversationOnTime)}::boolean,
          ${p(facts.settlementStartedAt)}::timestamptz, ${p(summary.closedAt)}::timestamptz, ${p(summary.closeReason)}, ${p(summary.phaseAtClose)}, ${p(facts.droppedOut)}::boolean,
          ${p(facts.handOffs)}::int, ${p(facts.declined)}::int, ${p(facts.bounces)}::int, ${p(facts.pillarIndex)}::int)`);
      const context = (s: PathwaySummary | undefined) =>
        s && { municipalityCode: s.municipalityCode, closedAt: s.closedAt };
      const changed = <T>(pick: (s: PathwaySummary) => T): boolean =>
        previous === undefined ||
        JSON.stringify([pick(previous), context(previous)]) !== JSON.stringify([pick(summary), context(summary)]);
      const referrals = handOffs(summary);
      if (referrals.length > 0 && changed((s) => s.referrals))
        for (const r of referrals)
          handOffRows.push(
            `(${pathway}::uuid, ${p(r.referralId)}::uuid, ${p(summary.municipalityCode)}, ${p(summary.closedAt !== null)}::boolean, ${p(r.fromOrg)}, ${p(r.toOrg)}, ${p(r.referredAt)}::timestamptz, ${p(r.status)}, ${p(r.acceptedAt)}::timestamptz, ${p(r.declinedAt)}::timestamptz, ${p(r.firstContactAt)}::timestamptz, ${p(r.bounce)}::boolean)`,
          );
      // Stays carry the pathway's organisations (for the organisation filter), so a new participant rewrites them too.
      if (changed((s) => [s.phaseHistory, s.startedAt, s.participants])) {
        staysOf.push(pathway);
        const organisations = p(facts.organisations);
        for (const i of phaseIntervals(summary))
          stayRows.push(
            `(${pathway}::uuid, ${p(i.seq)}::int, ${p(summary.municipalityCode)}, ${organisations}::text[], ${p(i.phase)}, ${p(i.enteredAt)}::timestamptz, ${p(i.leftAt)}::timestamptz)`,
          );
      }
    }
    if (summaries.length > 0)
      ctes.push(`summaries AS (INSERT INTO pathway_summary (pathway_id, municipality_code, phase, closed, state, last_event_at, updated_at, owner, organisations, started_at, crisis,
          first_conversation_due, first_conversation_held_at, first_conversation_on_time, settlement_started_at, closed_at, close_reason, phase_at_close, dropped_out,
          hand_offs, declined, bounces, pillar_index)
        VALUES ${summaries.join(', ')}
        ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, phase = EXCLUDED.phase, closed = EXCLUDED.closed, state = EXCLUDED.state,
          last_event_at = EXCLUDED.last_event_at, updated_at = now(), owner = EXCLUDED.owner, organisations = EXCLUDED.organisations, started_at = EXCLUDED.started_at,
          crisis = EXCLUDED.crisis, first_conversation_due = EXCLUDED.first_conversation_due, first_conversation_held_at = EXCLUDED.first_conversation_held_at,
          first_conversation_on_time = EXCLUDED.first_conversation_on_time, settlement_started_at = EXCLUDED.settlement_started_at, closed_at = EXCLUDED.closed_at,
          close_reason = EXCLUDED.close_reason, phase_at_close = EXCLUDED.phase_at_close, dropped_out = EXCLUDED.dropped_out, hand_offs = EXCLUDED.hand_offs,
          declined = EXCLUDED.declined, bounces = EXCLUDED.bounces, pillar_index = EXCLUDED.pillar_index)`);
    if (handOffRows.length > 0)
      ctes.push(`hand_offs AS (INSERT INTO bottleneck_hand_off (pathway_id, referral_id, municipality_code, pathway_closed, from_org, to_org, referred_at, status, accepted_at, declined_at, first_contact_at, bounce)
        VALUES ${handOffRows.join(', ')}
        ON CONFLICT (pathway_id, referral_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, pathway_closed = EXCLUDED.pathway_closed, from_org = EXCLUDED.from_org,
          to_org = EXCLUDED.to_org, referred_at = EXCLUDED.referred_at, status = EXCLUDED.status, accepted_at = EXCLUDED.accepted_at, declined_at = EXCLUDED.declined_at,
          first_contact_at = EXCLUDED.first_contact_at, bounce = EXCLUDED.bounce)`);
    if (staysOf.length > 0) {
      // Sub-statements of one query share a snapshot: the DELETE removes only the old stays, never the ones inserted beside it.
      ctes.push(
        `stays_gone AS (DELETE FROM bottleneck_phase_stay WHERE pathway_id IN (${staysOf.map((x) => `${x}::uuid`).join(', ')}))`,
      );
      if (stayRows.length > 0)
        ctes.push(
          `stays AS (INSERT INTO bottleneck_phase_stay (pathway_id, seq, municipality_code, organisations, phase, entered_at, left_at) VALUES ${stayRows.join(', ')})`,
        );
    }
    const checkpoints = positions.map(
      (x) => `(${p(x.consumer)}, ${p(x.topic)}, ${p(x.partition)}::int, ${p(x.offset)}::bigint)`,
    );
    await manager.query(
      `${ctes.length > 0 ? `WITH ${ctes.join(',\n')}` : ''}
       INSERT INTO projection_checkpoint (consumer, topic, kafka_partition, kafka_offset) VALUES ${checkpoints.join(', ')}
       ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE SET kafka_offset = GREATEST(projection_checkpoint.kafka_offset, EXCLUDED.kafka_offset), updated_at = now()`,
      q.values,
    );
  }

  /** Stores entries (a refold reads them back in the same transaction). */
  async insertEntries(manager: EntityManager, entries: readonly TimelineEntryRow[]): Promise<void> {
    const q = new Params();
    const rows = entries.map((entry) => {
      const e = entry.event;
      return `(${q.add(e.id)}::uuid, ${q.add(e.pathwayId)}::uuid, ${q.add(e.type)}, ${q.add(e.source)}, ${q.add(entry.organisationKind)}, ${q.add(entry.organisationId)}, ${q.add(e.classification)}, ${q.add(e.time)}::timestamptz, ${q.add(e.time)}, ${q.add(entry.topic)}, ${q.add(entry.partition)}::int, ${q.add(entry.offset)}::bigint, ${q.add(entry.summary)}, ${q.add(JSON.stringify(e.data))}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO timeline_entry (${ENTRY_COLUMNS}) VALUES ${rows.join(', ')} ON CONFLICT (event_id) DO NOTHING`,
      q.values,
    );
  }

  /**
   * The summaries, locked for update until the caller's transaction ends (in
   * id order, so two transactions never deadlock), each with whether the
   * pathway's personal data was erased. A pathway without a summary has not
   * seen its erasure request in this generation yet; projecting the request
   * strips what came before it.
   */
  async lockSummaries(
    manager: EntityManager,
    pathwayIds: readonly string[],
  ): Promise<Map<string, { state: PathwaySummary; erased: boolean }>> {
    const rows: Array<{ pathway_id: string; state: PathwaySummary }> = await manager.query(
      `SELECT pathway_id, state FROM pathway_summary WHERE pathway_id = ANY($1::uuid[]) ORDER BY pathway_id FOR UPDATE`,
      [pathwayIds],
    );
    // Read after the locks are held, in a statement of its own (so with a snapshot taken after any wait):
    // an erasure that committed while this transaction waited for a summary is seen (see erasePersonalData).
    const erased: Array<{ pathway_id: string }> =
      rows.length === 0
        ? []
        : await manager.query('SELECT DISTINCT pathway_id FROM timeline_erasure WHERE pathway_id = ANY($1::uuid[])', [
            rows.map((r) => r.pathway_id),
          ]);
    const erasedIds = new Set(erased.map((r) => r.pathway_id));
    return new Map(rows.map((r) => [r.pathway_id, { state: r.state, erased: erasedIds.has(r.pathway_id) }]));
  }

  /**
   * Records the erasure for the pathway and every pathway merged into it
   * (directly or through another merge) and
   * strips the identifying keys from their entries. Stripping runs every time
   * (in a rebuild, entries stored before the request was projected again need
   * it); `recorded` says whether this erasure id is new.
   */
  async erasePersonalData(
    manager: EntityManager,
    erasureId: string,
    pathwayId: string,
    at: Date,
  ): Promise<{ recorded: boolean; pathways: number; entries: number }> {
    const ids = (await pathwayWithMerged(manager, pathwayId)).sort();
    // Their summaries locked first (in id order, as lockSummaries does): a batch of a merged pathway consumed
    // at the same time from another partition waits for this transaction and then reads the erasure.
    await manager.query(
      'SELECT 1 FROM pathway_summary WHERE pathway_id = ANY($1::uuid[]) ORDER BY pathway_id FOR UPDATE',
      [ids],
    );
    const inserted: Array<{ pathway_id: string }> = await manager.query(
      `INSERT INTO timeline_erasure (erasure_id, pathway_id, erased_at) SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
       ON CONFLICT (erasure_id, pathway_id) DO NOTHING RETURNING pathway_id`,
      [erasureId, ids, at],
    );
    const pathways = ids.map((id) => ({ id, recorded: inserted.some((r) => r.pathway_id === id) }));
    const [, entries]: [unknown, number] = await manager.query(
      `UPDATE timeline_entry SET data = data - $2::text[] WHERE pathway_id = ANY($1::uuid[]) AND data ?| $2::text[]`,
      [pathways.map((r) => r.id), IDENTIFYING_KEYS],
    );
    const recorded = pathways.some((r) => r.recorded && r.id === pathwayId.toLowerCase());
    return { recorded, pathways: pathways.length, entries };
  }

  /** Every event of these pathways in canonical order, as the fold consumes them. */
  async findEventsForFold(manager: EntityManager, pathwayIds: readonly string[]): Promise<Map<string, ChainEvent[]>> {
    const rows: Array<{
      event_id: string;
      pathway_id: string;
      type: string;
      source: string;
      event_time: string;
      classification: string;
      data: Record<string, unknown>;
    }> = await manager.query(
      `SELECT event_id, pathway_id, type, source, event_time, classification, data FROM timeline_entry WHERE pathway_id = ANY($1::uuid[])
        ORDER BY pathway_id, occurred_at, topic, kafka_partition, kafka_offset`,
      [pathwayIds],
    );
    const events = new Map<string, ChainEvent[]>();
    for (const r of rows) {
      const event: ChainEvent = {
        id: r.event_id,
        type: r.type,
        source: r.source,
        time: r.event_time,
        pathwayId: r.pathway_id,
        classification: r.classification,
        data: r.data,
      };
      const list = events.get(r.pathway_id);
      if (list) list.push(event);
      else events.set(r.pathway_id, [event]);
    }
    return events;
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
