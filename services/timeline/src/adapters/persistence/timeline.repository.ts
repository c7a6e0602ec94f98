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

/**
 * The rows of one multi-row write as ONE parameter: a JSON array of objects
 * keyed by column name, typed by `jsonb_to_recordset` (each value goes through
 * its column type's input function, as a text parameter cast to that type
 * does). Statement text and parameter count stay the same whatever the number
 * of rows: with one parameter per value (1,400 for 100 events) parsing and
 * binding cost more CPU than the rows' conversion here, on both sides (B2,
 * issue 7). jsonb, not json: `json_to_recordset` builds a hash table per row
 * and costs the server ~7 µs a timeline row against ~5.
 */
interface RowSet {
  /** The column names, in declaration order. */
  readonly names: string;
  /** A SELECT of the rows in `param` (a JSON array). */
  select(param: string): string;
}

function rowSet(columns: string): RowSet {
  const names = columns
    .split(',')
    .map((column) => column.trim().split(/\s+/)[0])
    .join(', ');
  return { names, select: (param) => `SELECT ${names} FROM jsonb_to_recordset(${param}::jsonb) AS r(${columns})` };
}

const ENTRY_ROWS = rowSet(
  'event_id uuid, pathway_id uuid, type text, source text, organisation_kind text, organisation_id text, classification text, occurred_at timestamptz, event_time text, topic text, kafka_partition int, kafka_offset bigint, summary text, data jsonb',
);
const SUMMARY_ROWS =
  rowSet(`pathway_id uuid, municipality_code text, phase text, closed boolean, state jsonb, last_event_at timestamptz, owner text,
  organisations text[], started_at timestamptz, crisis boolean, first_conversation_due date, first_conversation_held_at timestamptz,
  first_conversation_on_time boolean, settlement_started_at timestamptz, closed_at timestamptz, close_reason text, phase_at_close text,
  dropped_out boolean, hand_offs int, declined int, bounces int, pillar_index int`);
const HAND_OFF_ROWS =
  rowSet(`pathway_id uuid, referral_id uuid, municipality_code text, pathway_closed boolean, from_org text, to_org text,
  referred_at timestamptz, status text, accepted_at timestamptz, declined_at timestamptz, first_contact_at timestamptz, bounce boolean`);
const STAY_ROWS = rowSet(
  'pathway_id uuid, seq int, municipality_code text, organisations text[], phase text, entered_at timestamptz, left_at timestamptz',
);
const CHECKPOINT_ROWS = rowSet('consumer text, topic text, kafka_partition int, kafka_offset bigint');

/** Numbered parameters for one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The timeline_entry row of an entry, keyed as {@link ENTRY_ROWS} declares it. */
function entryRecord(entry: TimelineEntryRow): Record<string, unknown> {
  const e = entry.event;
  return {
    event_id: e.id,
    pathway_id: e.pathwayId,
    type: e.type,
    source: e.source,
    organisation_kind: entry.organisationKind,
    organisation_id: entry.organisationId,
    classification: e.classification,
    occurred_at: e.time,
    event_time: e.time,
    topic: entry.topic,
    kafka_partition: entry.partition,
    kafka_offset: entry.offset,
    summary: entry.summary,
    data: e.data,
  };
}

/** `INSERT` of entries (already stored ones are skipped): a statement, or a CTE body. */
function insertEntriesSql(param: string): string {
  return `INSERT INTO timeline_entry (${ENTRY_ROWS.names}) ${ENTRY_ROWS.select(param)} ON CONFLICT (event_id) DO NOTHING`;
}

/**
 * Reads and writes the timeline read model. Every method takes the
 * EntityManager of the caller's transaction (STYLE.md rule 4).
 */
export class TimelineRepository {
  /**
   * Writes the effect of a set of events in ONE statement (data-modifying
   * CTEs, one JSON parameter per table): the timeline entries (unless already
   * stored for a refold), the summaries with their analytic columns, the
   * hand-off and phase-stay rows of the pathways where they changed, and the
   * checkpoints. With the summary lock that makes two statements per set of
   * events, in the events' own transaction.
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
    if (entries.length > 0) ctes.push(`entries AS (${insertEntriesSql(p(JSON.stringify(entries.map(entryRecord))))})`);
    const summaries: Array<Record<string, unknown>> = [];
    const handOffRows: Array<Record<string, unknown>> = [];
    const staysOf: string[] = [];
    const stayRows: Array<Record<string, unknown>> = [];
    for (const { previous, summary } of projections) {
      const facts = pathwayFacts(summary);
      const pathway_id = summary.pathwayId;
      const municipality_code = summary.municipalityCode;
      summaries.push({
        pathway_id,
        municipality_code,
        phase: summary.phase,
        closed: summary.closedAt !== null,
        state: summary,
        last_event_at: summary.lastEventAt,
        owner: summary.owner,
        organisations: facts.organisations,
        started_at: summary.startedAt,
        crisis: facts.crisis,
        first_conversation_due: facts.firstConversationDue,
        first_conversation_held_at: facts.firstConversationHeldAt,
        first_conversation_on_time: facts.firstConversationOnTime,
        settlement_started_at: facts.settlementStartedAt,
        closed_at: summary.closedAt,
        close_reason: summary.closeReason,
        phase_at_close: summary.phaseAtClose,
        dropped_out: facts.droppedOut,
        hand_offs: facts.handOffs,
        declined: facts.declined,
        bounces: facts.bounces,
        pillar_index: facts.pillarIndex,
      });
      const context = (s: PathwaySummary | undefined) =>
        s && { municipalityCode: s.municipalityCode, closedAt: s.closedAt };
      const changed = <T>(pick: (s: PathwaySummary) => T): boolean =>
        previous === undefined ||
        JSON.stringify([pick(previous), context(previous)]) !== JSON.stringify([pick(summary), context(summary)]);
      const referrals = handOffs(summary);
      if (referrals.length > 0 && changed((s) => s.referrals))
        for (const r of referrals)
          handOffRows.push({
            pathway_id,
            referral_id: r.referralId,
            municipality_code,
            pathway_closed: summary.closedAt !== null,
            from_org: r.fromOrg,
            to_org: r.toOrg,
            referred_at: r.referredAt,
            status: r.status,
            accepted_at: r.acceptedAt,
            declined_at: r.declinedAt,
            first_contact_at: r.firstContactAt,
            bounce: r.bounce,
          });
      // Stays carry the pathway's organisations (for the organisation filter), so a new participant rewrites them too.
      if (changed((s) => [s.phaseHistory, s.startedAt, s.participants])) {
        staysOf.push(pathway_id);
        for (const i of phaseIntervals(summary))
          stayRows.push({
            pathway_id,
            seq: i.seq,
            municipality_code,
            organisations: facts.organisations,
            phase: i.phase,
            entered_at: i.enteredAt,
            left_at: i.leftAt,
          });
      }
    }
    if (summaries.length > 0)
      ctes.push(`summaries AS (INSERT INTO pathway_summary (${SUMMARY_ROWS.names}, updated_at)
        SELECT *, now() FROM (${SUMMARY_ROWS.select(p(JSON.stringify(summaries)))}) AS s
        ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, phase = EXCLUDED.phase, closed = EXCLUDED.closed, state = EXCLUDED.state,
          last_event_at = EXCLUDED.last_event_at, updated_at = now(), owner = EXCLUDED.owner, organisations = EXCLUDED.organisations, started_at = EXCLUDED.started_at,
          crisis = EXCLUDED.crisis, first_conversation_due = EXCLUDED.first_conversation_due, first_conversation_held_at = EXCLUDED.first_conversation_held_at,
          first_conversation_on_time = EXCLUDED.first_conversation_on_time, settlement_started_at = EXCLUDED.settlement_started_at, closed_at = EXCLUDED.closed_at,
          close_reason = EXCLUDED.close_reason, phase_at_close = EXCLUDED.phase_at_close, dropped_out = EXCLUDED.dropped_out, hand_offs = EXCLUDED.hand_offs,
          declined = EXCLUDED.declined, bounces = EXCLUDED.bounces, pillar_index = EXCLUDED.pillar_index)`);
    if (handOffRows.length > 0)
      ctes.push(`hand_offs AS (INSERT INTO bottleneck_hand_off (${HAND_OFF_ROWS.names})
        ${HAND_OFF_ROWS.select(p(JSON.stringify(handOffRows)))}
        ON CONFLICT (pathway_id, referral_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, pathway_closed = EXCLUDED.pathway_closed, from_org = EXCLUDED.from_org,
          to_org = EXCLUDED.to_org, referred_at = EXCLUDED.referred_at, status = EXCLUDED.status, accepted_at = EXCLUDED.accepted_at, declined_at = EXCLUDED.declined_at,
          first_contact_at = EXCLUDED.first_contact_at, bounce = EXCLUDED.bounce)`);
    if (staysOf.length > 0) {
      // Sub-statements of one query share a snapshot: the DELETE removes only the old stays, never the ones inserted beside it.
      ctes.push(`stays_gone AS (DELETE FROM bottleneck_phase_stay WHERE pathway_id = ANY(${p(staysOf)}::uuid[]))`);
      if (stayRows.length > 0)
        ctes.push(
          `stays AS (INSERT INTO bottleneck_phase_stay (${STAY_ROWS.names}) ${STAY_ROWS.select(p(JSON.stringify(stayRows)))})`,
        );
    }
    const checkpoints = positions.map((x) => ({
      consumer: x.consumer,
      topic: x.topic,
      kafka_partition: x.partition,
      kafka_offset: x.offset,
    }));
    await manager.query(
      `${ctes.length > 0 ? `WITH ${ctes.join(',\n')}` : ''}
       INSERT INTO projection_checkpoint (${CHECKPOINT_ROWS.names}) ${CHECKPOINT_ROWS.select(p(JSON.stringify(checkpoints)))}
       ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE SET kafka_offset = GREATEST(projection_checkpoint.kafka_offset, EXCLUDED.kafka_offset), updated_at = now()`,
      q.values,
    );
  }

  /** Stores entries (a refold reads them back in the same transaction). */
  async insertEntries(manager: EntityManager, entries: readonly TimelineEntryRow[]): Promise<void> {
    await manager.query(insertEntriesSql('$1'), [JSON.stringify(entries.map(entryRecord))]);
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
    // The erased pathway locked before its merges are read: a merge into it projected at the same time either
    // committed before (found here) or waits and then inherits this erasure (inheritErasure).
    await manager.query('SELECT 1 FROM pathway_summary WHERE pathway_id = $1 FOR UPDATE', [pathwayId]);
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

  /**
   * The erasures recorded for `intoPathwayId`, recorded too for `pathwayId` and
   * every pathway merged into it (locked first, as in erasePersonalData), whose
   * entries then lose their identifying keys. Nothing when `intoPathwayId`
   * was never erased.
   */
  async inheritErasure(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
  ): Promise<{ pathways: number; entries: number }> {
    // The surviving pathway's summary locked first, then its erasures read (a statement of its own, so after
    // any wait): an erasure of it running at the same time either committed before (read here) or waits and
    // then finds this merge (erasePersonalData reads the merges after locking the erased pathway).
    await manager.query('SELECT 1 FROM pathway_summary WHERE pathway_id = $1 FOR UPDATE', [intoPathwayId]);
    const erasures: Array<{ erasure_id: string }> = await manager.query(
      'SELECT erasure_id FROM timeline_erasure WHERE pathway_id = $1',
      [intoPathwayId],
    );
    if (erasures.length === 0) return { pathways: 0, entries: 0 };
    const ids = (await pathwayWithMerged(manager, pathwayId)).sort();
    await manager.query(
      'SELECT 1 FROM pathway_summary WHERE pathway_id = ANY($1::uuid[]) ORDER BY pathway_id FOR UPDATE',
      [ids],
    );
    await manager.query(
      `INSERT INTO timeline_erasure (erasure_id, pathway_id, erased_at)
       SELECT e.erasure_id, p.id, e.erased_at FROM unnest($1::uuid[]) AS p(id), timeline_erasure e WHERE e.pathway_id = $2
       ON CONFLICT (erasure_id, pathway_id) DO NOTHING`,
      [ids, intoPathwayId],
    );
    const [, entries]: [unknown, number] = await manager.query(
      `UPDATE timeline_entry SET data = data - $2::text[] WHERE pathway_id = ANY($1::uuid[]) AND data ?| $2::text[]`,
      [ids, IDENTIFYING_KEYS],
    );
    return { pathways: ids.length, entries };
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
