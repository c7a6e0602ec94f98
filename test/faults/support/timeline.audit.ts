import type { FaultStack } from './fault.stack';

/** An event the timeline must hold, with its place in its pathway's order. */
export interface ExpectedEvent {
  readonly id: string;
  readonly pathwayId: string;
  /** Increases with the order the producer wrote the pathway's events in. */
  readonly order: number;
}

/** What the timeline's database shows about the expected events, read from outside the service. */
export interface TimelineAudit {
  readonly expected: number;
  /** Expected events with no timeline entry. */
  readonly missing: string[];
  /** Entries of events nobody produced. */
  readonly unexpected: number;
  /** Pathways whose summary folded a different number of events than were produced for it (a lost or doubled effect). */
  readonly wrongEventCounts: Array<{ pathwayId: string; produced: number; folded: number | null }>;
  /**
   * Pathways whose events were applied out of the producer's order: a later
   * event at a lower Kafka offset, or projected in an earlier transaction.
   */
  readonly orderViolations: Array<{ pathwayId: string; eventId: string }>;
}

interface EntryRow {
  event_id: string;
  pathway_id: string;
  kafka_offset: string;
  kafka_partition: number;
  projected_at: Date;
}

/**
 * Exactly once and in order, checked on the timeline's tables: every expected
 * event has its one entry (the entry's key is the event id), every pathway
 * summary folded exactly its produced events (a redelivery applied twice
 * would count twice), and per pathway the entries follow the producer's order
 * both on the partition and in the projection's transactions.
 */
export async function auditTimeline(stack: FaultStack, expected: readonly ExpectedEvent[]): Promise<TimelineAudit> {
  const rows = await stack.query<EntryRow>(
    'timeline',
    'SELECT event_id, pathway_id, kafka_offset, kafka_partition, projected_at FROM timeline_entry',
  );
  const summaries = await stack.query<{ pathway_id: string; event_count: number }>(
    'timeline',
    `SELECT pathway_id, (state->>'eventCount')::int AS event_count FROM pathway_summary`,
  );
  const entries = new Map(rows.map((r) => [r.event_id.toLowerCase(), r]));
  const expectedIds = new Set(expected.map((e) => e.id.toLowerCase()));
  const byPathway = new Map<string, ExpectedEvent[]>();
  for (const event of expected) {
    const list = byPathway.get(event.pathwayId.toLowerCase()) ?? [];
    list.push(event);
    byPathway.set(event.pathwayId.toLowerCase(), list);
  }
  const folded = new Map(summaries.map((s) => [s.pathway_id.toLowerCase(), s.event_count]));
  const wrongEventCounts: TimelineAudit['wrongEventCounts'] = [];
  const orderViolations: TimelineAudit['orderViolations'] = [];
  for (const [pathwayId, events] of byPathway) {
    const count = folded.get(pathwayId) ?? null;
    if (count !== events.length) wrongEventCounts.push({ pathwayId, produced: events.length, folded: count });
    const sorted = [...events].sort((a, b) => a.order - b.order);
    let previous: EntryRow | undefined;
    for (const event of sorted) {
      const entry = entries.get(event.id.toLowerCase());
      if (!entry) continue;
      if (
        previous &&
        (entry.kafka_partition !== previous.kafka_partition ||
          BigInt(entry.kafka_offset) <= BigInt(previous.kafka_offset) ||
          entry.projected_at < previous.projected_at)
      )
        orderViolations.push({ pathwayId, eventId: event.id });
      previous = entry;
    }
  }
  return {
    expected: expected.length,
    missing: expected.filter((e) => !entries.has(e.id.toLowerCase())).map((e) => e.id),
    unexpected: rows.filter((r) => !expectedIds.has(r.event_id.toLowerCase())).length,
    wrongEventCounts,
    orderViolations,
  };
}

/** The invariant "every event exactly once, per-pathway order kept" as one comparable value. */
export function exactlyOnceInOrder(audit: TimelineAudit): Record<string, unknown> {
  return {
    missing: audit.missing.slice(0, 5),
    missingCount: audit.missing.length,
    unexpected: audit.unexpected,
    wrongEventCounts: audit.wrongEventCounts.slice(0, 5),
    orderViolations: audit.orderViolations.slice(0, 5),
  };
}

export const EXACTLY_ONCE_IN_ORDER = {
  missing: [],
  missingCount: 0,
  unexpected: 0,
  wrongEventCounts: [],
  orderViolations: [],
};

/** Inbox rows of the projection consumer: one per event it applied. */
export async function projectedCount(stack: FaultStack): Promise<number> {
  const [row] = await stack.query<{ n: number }>(
    'timeline',
    'SELECT count(*)::int AS n FROM inbox WHERE consumer = $1',
    [stack.projectionConsumer],
  );
  return row?.n ?? 0;
}

/**
 * Waits until the projection consumer applied `total` events, or until it made
 * no progress for `quietMs` - then the audit names what is missing, instead of
 * a long timeout saying only that something is.
 */
export async function projectionSettled(stack: FaultStack, total: number, quietMs = 30_000): Promise<number> {
  let last = -1;
  let lastChangeAt = Date.now();
  for (;;) {
    const now = await projectedCount(stack).catch(() => last);
    if (now >= total) return now;
    if (now !== last) {
      last = now;
      lastChangeAt = Date.now();
    } else if (Date.now() - lastChangeAt > quietMs) return now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
