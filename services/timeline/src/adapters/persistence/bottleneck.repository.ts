import type { EntityManager } from 'typeorm';

/** Filters every bottleneck query accepts. Dates are calendar dates in Europe/Amsterdam, inclusive. */
export interface BottleneckFilter {
  municipality?: string;
  /** Organisation id (`SW-AMS`), URNs already reduced to their id. */
  organisation?: string;
  from?: string;
  to?: string;
}

/** Distribution of durations (2 decimals; the unit is the query's: days or hours). */
export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

const TZ = `'Europe/Amsterdam'`;
const r2 = (expr: string) => `round((${expr})::numeric, 2)::float8`;
const distribution = (expr: string) =>
  `count(${expr})::int AS count, ${r2(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr})`)} AS median_days, ${r2(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expr})`)} AS p90_days, ${r2(`avg(${expr})`)} AS mean_days`;

interface DistributionRow {
  count: number;
  median_days: number | null;
  p90_days: number | null;
  mean_days: number | null;
}
const toDistribution = (r: DistributionRow | undefined): Distribution => ({
  count: r?.count ?? 0,
  median: r?.median_days ?? null,
  p90: r?.p90_days ?? null,
  mean: r?.mean_days ?? null,
});

/** Builds a WHERE clause with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** `column` (a timestamptz) falls in the filter's period, read as Amsterdam calendar dates. */
  period(column: string, filter: BottleneckFilter): this {
    if (filter.from) this.and(`${column} >= (${this.param(filter.from)}::date)::timestamp AT TIME ZONE ${TZ}`);
    if (filter.to) this.and(`${column} < (${this.param(filter.to)}::date + 1)::timestamp AT TIME ZONE ${TZ}`);
    return this;
  }

  /** Municipality and organisation filters on a table with `municipality_code` and `pathway_id`. */
  scope(alias: string, filter: BottleneckFilter, organisationsColumn?: string): this {
    if (filter.municipality) this.and(`${alias}.municipality_code = ${this.param(filter.municipality)}`);
    if (filter.organisation) {
      const org = this.param([filter.organisation]);
      this.and(
        organisationsColumn
          ? `${alias}.${organisationsColumn} @> ${org}::text[]`
          : `${alias}.pathway_id IN (SELECT pathway_id FROM pathway_summary WHERE organisations @> ${org}::text[])`,
      );
    }
    return this;
  }

  get sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

export interface DeadlineRow {
  pathwayId: string;
  municipalityCode: string | null;
  firstConversationDue: string;
  crisis: boolean;
  owner: string | null;
}

export interface WeekShareRow {
  week: string;
  held: number;
  onTime: number;
}

export interface HandOffPairRow {
  fromOrg: string | null;
  toOrg: string | null;
  referrals: number;
  accepted: number;
  declined: number;
  waiting: number;
  closedUnanswered: number;
  referralToAcceptance: Distribution;
  acceptanceToFirstContact: Distribution;
}

export interface WaitingReferralRow {
  pathwayId: string;
  referralId: string;
  fromOrg: string | null;
  toOrg: string | null;
  referredAt: string;
}

export interface PhaseDurationRow {
  phase: string;
  completed: Distribution;
  ongoing: number;
}

export interface StalledRow {
  pathwayId: string;
  phase: string;
  owner: string | null;
  lastEventAt: string;
}

export interface PillarRow {
  pathwayId: string;
  index: number;
  handOffs: number;
  declined: number;
  bounces: number;
  phase: string;
  closed: boolean;
}

export interface ClosureRow {
  phase: string | null;
  reason: string | null;
  count: number;
  droppedOut: number;
}

/** What became of the pathways that started in a period: four parts that add up to `registered`. */
export interface CohortRow {
  registered: number;
  reachedSettlement: number;
  droppedOut: number;
  openBeforeSettlement: number;
  closedOtherwise: number;
}

export interface FlowRows {
  arrivals: Array<{ week: string; count: number }>;
  closures: Array<{ week: string; count: number }>;
  /** Net change of work in progress per phase and week; the first week includes everything before it. */
  wipDeltas: Array<{ week: string; phase: string; delta: number }>;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const week = (column: string) => `to_char(date_trunc('week', ${column} AT TIME ZONE ${TZ}), 'YYYY-MM-DD')`;

/**
 * The coordinator analytics over the tables the projection maintains
 * (pathway_summary's analytic columns, bottleneck_hand_off,
 * bottleneck_phase_stay): aggregation only, never a pass over events.
 */
export class BottleneckRepository {
  /** Open pathways whose first conversation is not held and is due on or before `dueUntil`, earliest first. */
  async openDeadlines(
    manager: EntityManager,
    filter: BottleneckFilter,
    dueUntil: string,
    limit: number,
  ): Promise<{ rows: DeadlineRow[]; total: number }> {
    const where = new Where().and(
      'NOT s.closed AND s.first_conversation_held_at IS NULL AND s.first_conversation_due IS NOT NULL',
    );
    where
      .and(`s.first_conversation_due <= ${where.param(dueUntil)}::date`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const rows: Array<{
      pathway_id: string;
      municipality_code: string | null;
      due: string;
      crisis: boolean;
      owner: string | null;
      total: string;
    }> = await manager.query(
      `SELECT pathway_id, municipality_code, to_char(first_conversation_due, 'YYYY-MM-DD') AS due, crisis, owner, count(*) OVER () AS total
         FROM pathway_summary s ${where.sql} ORDER BY first_conversation_due, pathway_id LIMIT ${where.param(limit)}`,
      where.params,
    );
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      rows: rows.map((r) => ({
        pathwayId: r.pathway_id,
        municipalityCode: r.municipality_code,
        firstConversationDue: r.due,
        crisis: r.crisis,
        owner: r.owner,
      })),
    };
  }

  /** Counts of open, not-held pathways per bucket: due before `overdueBefore` and due within [overdueBefore, approachingUntil]. */
  async deadlineCounts(
    manager: EntityManager,
    filter: BottleneckFilter,
    overdueBefore: string,
    approachingUntil: string,
  ): Promise<{ overdue: number; approaching: number }> {
    const where = new Where().and('NOT s.closed AND s.first_conversation_held_at IS NULL');
    const today = where.param(overdueBefore);
    where
      .and(`s.first_conversation_due <= ${where.param(approachingUntil)}::date`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const rows: Array<{ overdue: number; approaching: number }> = await manager.query(
      `SELECT count(*) FILTER (WHERE first_conversation_due < ${today}::date)::int AS overdue, count(*) FILTER (WHERE first_conversation_due >= ${today}::date)::int AS approaching
         FROM pathway_summary s ${where.sql}`,
      where.params,
    );
    return rows[0] ?? { overdue: 0, approaching: 0 };
  }

  /** First conversations held per ISO week (Amsterdam), and how many on time. */
  async firstConversationsPerWeek(manager: EntityManager, filter: BottleneckFilter): Promise<WeekShareRow[]> {
    const where = new Where()
      .and('s.first_conversation_held_at IS NOT NULL')
      .period('s.first_conversation_held_at', filter)
      .scope('s', filter, 'organisations');
    const rows: Array<{ week: string; held: number; on_time: number }> = await manager.query(
      `SELECT ${week('first_conversation_held_at')} AS week, count(*)::int AS held, count(*) FILTER (WHERE first_conversation_on_time)::int AS on_time
         FROM pathway_summary s ${where.sql} GROUP BY 1 ORDER BY 1`,
      where.params,
    );
    return rows.map((r) => ({ week: r.week, held: r.held, onTime: r.on_time }));
  }

  /**
   * Per pair of organisations: referral -> accepted -> first contact, in hours.
   * Three index-only scans (counts, and each duration in pair order, see the
   * B6 migration) instead of one pass that sorts every hand-off twice.
   */
  async handOffPairs(manager: EntityManager, filter: BottleneckFilter): Promise<HandOffPairRow[]> {
    const counts = this.handOffWhere(filter).and('h.referred_at IS NOT NULL');
    const durations = (column: string) => {
      const where = this.handOffWhere(filter).and(`h.referred_at IS NOT NULL AND h.${column} IS NOT NULL`);
      return manager.query<Array<DistributionRow & { from_org: string | null; to_org: string | null }>>(
        `SELECT from_org, to_org, ${distribution(column)} FROM bottleneck_hand_off h ${where.sql} GROUP BY from_org, to_org`,
        where.params,
      );
    };
    const [rows, acceptance, firstContact] = await Promise.all([
      manager.query<
        Array<{
          from_org: string | null;
          to_org: string | null;
          referrals: number;
          accepted: number;
          declined: number;
          waiting: number;
          closed_unanswered: number;
        }>
      >(
        `SELECT from_org, to_org, count(*)::int AS referrals,
                count(*) FILTER (WHERE status = 'accepted')::int AS accepted, count(*) FILTER (WHERE status = 'declined')::int AS declined,
                count(*) FILTER (WHERE status = 'waiting' AND NOT pathway_closed)::int AS waiting,
                count(*) FILTER (WHERE status = 'waiting' AND pathway_closed)::int AS closed_unanswered
           FROM bottleneck_hand_off h ${counts.sql} GROUP BY from_org, to_org ORDER BY from_org, to_org`,
        counts.params,
      ),
      durations('acceptance_hours'),
      durations('first_contact_hours'),
    ]);
    const pair = (r: { from_org: string | null; to_org: string | null }) => JSON.stringify([r.from_org, r.to_org]);
    const byPair = (found: Array<DistributionRow & { from_org: string | null; to_org: string | null }>) =>
      new Map(found.map((r) => [pair(r), r]));
    const accepted = byPair(acceptance);
    const contacted = byPair(firstContact);
    return rows.map((r) => ({
      fromOrg: r.from_org,
      toOrg: r.to_org,
      referrals: r.referrals,
      accepted: r.accepted,
      declined: r.declined,
      waiting: r.waiting,
      closedUnanswered: r.closed_unanswered,
      referralToAcceptance: toDistribution(accepted.get(pair(r))),
      acceptanceToFirstContact: toDistribution(contacted.get(pair(r))),
    }));
  }

  /** Referrals not yet answered on open pathways, oldest first; `referredOnOrBefore` (a date) narrows to those over a threshold. */
  async waitingReferrals(
    manager: EntityManager,
    filter: BottleneckFilter,
    limit: number,
    referredOnOrBefore?: string,
  ): Promise<{ rows: WaitingReferralRow[]; total: number }> {
    const where = this.handOffWhere(filter).and(
      `h.status = 'waiting' AND NOT h.pathway_closed AND h.referred_at IS NOT NULL`,
    );
    if (referredOnOrBefore)
      where.and(`h.referred_at < (${where.param(referredOnOrBefore)}::date + 1)::timestamp AT TIME ZONE ${TZ}`);
    const rows: Array<{
      pathway_id: string;
      referral_id: string;
      from_org: string | null;
      to_org: string | null;
      referred_at: Date;
      total: string;
    }> = await manager.query(
      `SELECT pathway_id, referral_id, from_org, to_org, referred_at, count(*) OVER () AS total FROM bottleneck_hand_off h ${where.sql}
        ORDER BY referred_at, referral_id LIMIT ${where.param(limit)}`,
      where.params,
    );
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      rows: rows.map((r) => ({
        pathwayId: r.pathway_id,
        referralId: r.referral_id,
        fromOrg: r.from_org,
        toOrg: r.to_org,
        referredAt: iso(r.referred_at)!,
      })),
    };
  }

  private handOffWhere(filter: BottleneckFilter): Where {
    const where = new Where().period('h.referred_at', filter);
    if (filter.municipality) where.and(`h.municipality_code = ${where.param(filter.municipality)}`);
    if (filter.organisation) {
      const org = where.param(filter.organisation);
      where.and(`(split_part(h.from_org, ':', 5) = ${org} OR split_part(h.to_org, ':', 5) = ${org})`);
    }
    return where;
  }

  /** Completed stays per phase (entered in the period) and stays still running; each from its own partial index. */
  async phaseDurations(manager: EntityManager, filter: BottleneckFilter): Promise<PhaseDurationRow[]> {
    const done = new Where()
      .and('p.left_at IS NOT NULL')
      .period('p.entered_at', filter)
      .scope('p', filter, 'organisations');
    const open = new Where()
      .and('p.left_at IS NULL')
      .period('p.entered_at', filter)
      .scope('p', filter, 'organisations');
    const [completed, ongoing] = await Promise.all([
      manager.query<Array<DistributionRow & { phase: string }>>(
        `SELECT phase, ${distribution('days')} FROM bottleneck_phase_stay p ${done.sql} GROUP BY phase`,
        done.params,
      ),
      manager.query<Array<{ phase: string; ongoing: number }>>(
        `SELECT phase, count(*)::int AS ongoing FROM bottleneck_phase_stay p ${open.sql} GROUP BY phase`,
        open.params,
      ),
    ]);
    const phases = new Set([...completed.map((r) => r.phase), ...ongoing.map((r) => r.phase)]);
    return [...phases].map((phase) => ({
      phase,
      completed: toDistribution(completed.find((r) => r.phase === phase)),
      ongoing: ongoing.find((r) => r.phase === phase)?.ongoing ?? 0,
    }));
  }

  /** Request -> first settlement phase, and request -> first conversation, for pathways that arrived in the period. */
  async milestones(
    manager: EntityManager,
    filter: BottleneckFilter,
    settlementNormDays: number,
  ): Promise<{ settlementPreparation: Distribution & { overNorm: number }; firstAppointment: Distribution }> {
    const settlement = new Where()
      .and('s.settlement_preparation_days IS NOT NULL')
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const norm = settlement.param(settlementNormDays);
    const appointment = new Where()
      .and('s.first_appointment_days IS NOT NULL')
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const [settlementRows, appointmentRows] = await Promise.all([
      manager.query<Array<DistributionRow & { over_norm: number }>>(
        `SELECT ${distribution('settlement_preparation_days')}, count(*) FILTER (WHERE settlement_preparation_days > ${norm})::int AS over_norm
           FROM pathway_summary s ${settlement.sql}`,
        settlement.params,
      ),
      manager.query<DistributionRow[]>(
        `SELECT ${distribution('first_appointment_days')} FROM pathway_summary s ${appointment.sql}`,
        appointment.params,
      ),
    ]);
    return {
      settlementPreparation: { ...toDistribution(settlementRows[0]), overNorm: settlementRows[0]?.over_norm ?? 0 },
      firstAppointment: toDistribution(appointmentRows[0]),
    };
  }

  /** Open pathways without an event since `quietSince`, longest quiet first, and the counts per phase and owner. */
  async stalled(
    manager: EntityManager,
    filter: BottleneckFilter,
    quietSince: Date,
    limit: number,
  ): Promise<{ rows: StalledRow[]; groups: Array<{ phase: string; owner: string | null; count: number }> }> {
    const where = new Where().and('NOT s.closed');
    where
      .and(`s.last_event_at < ${where.param(quietSince)}`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const groups: Array<{ phase: string; owner: string | null; count: number }> = await manager.query(
      `SELECT phase, owner, count(*)::int AS count FROM pathway_summary s ${where.sql} GROUP BY phase, owner ORDER BY phase, owner NULLS FIRST`,
      where.params,
    );
    const rows: Array<{ pathway_id: string; phase: string; owner: string | null; last_event_at: Date }> =
      await manager.query(
        `SELECT pathway_id, phase, owner, last_event_at FROM pathway_summary s ${where.sql} ORDER BY last_event_at, pathway_id LIMIT ${where.param(limit)}`,
        where.params,
      );
    return {
      groups,
      rows: rows.map((r) => ({
        pathwayId: r.pathway_id,
        phase: r.phase,
        owner: r.owner,
        lastEventAt: iso(r.last_event_at)!,
      })),
    };
  }

  /** Pathways with a pillar-to-post index of at least `minIndex`, highest first. */
  async pillarToPost(
    manager: EntityManager,
    filter: BottleneckFilter,
    minIndex: number,
    limit: number,
  ): Promise<{ rows: PillarRow[]; total: number }> {
    const where = new Where();
    where
      .and(`s.pillar_index >= ${where.param(minIndex)}`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const rows: Array<{
      pathway_id: string;
      pillar_index: number;
      hand_offs: number;
      declined: number;
      bounces: number;
      phase: string;
      closed: boolean;
      total: string;
    }> = await manager.query(
      `SELECT pathway_id, pillar_index, hand_offs, declined, bounces, phase, closed, count(*) OVER () AS total FROM pathway_summary s ${where.sql}
        ORDER BY pillar_index DESC, pathway_id LIMIT ${where.param(limit)}`,
      where.params,
    );
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      rows: rows.map((r) => ({
        pathwayId: r.pathway_id,
        index: r.pillar_index,
        handOffs: r.hand_offs,
        declined: r.declined,
        bounces: r.bounces,
        phase: r.phase,
        closed: r.closed,
      })),
    };
  }

  /** Pathways closed in the period (merges excluded: they are not an outcome), per phase at close and DDAS uitstroom reason. */
  async closures(manager: EntityManager, filter: BottleneckFilter): Promise<ClosureRow[]> {
    const where = new Where()
      .and(`s.closed_at IS NOT NULL AND s.close_reason IS DISTINCT FROM 'merged'`)
      .period('s.closed_at', filter)
      .scope('s', filter, 'organisations');
    return manager.query(
      `SELECT phase_at_close AS phase, close_reason AS reason, count(*)::int AS count, count(*) FILTER (WHERE dropped_out)::int AS "droppedOut"
         FROM pathway_summary s ${where.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
      where.params,
    );
  }

  /**
   * The pathways that started (help requested) in the period, merges excluded,
   * split by what became of them: a settlement started; closed before one
   * (drop-out); still open before one; closed without a settlement in a phase
   * that is no drop-out.
   */
  async cohort(manager: EntityManager, filter: BottleneckFilter): Promise<CohortRow> {
    const where = new Where()
      .and(`s.close_reason IS DISTINCT FROM 'merged'`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const [row] = await manager.query<CohortRow[]>(
      `SELECT count(*)::int AS registered,
              count(*) FILTER (WHERE settlement_started_at IS NOT NULL)::int AS "reachedSettlement",
              count(*) FILTER (WHERE settlement_started_at IS NULL AND dropped_out)::int AS "droppedOut",
              count(*) FILTER (WHERE settlement_started_at IS NULL AND closed_at IS NULL)::int AS "openBeforeSettlement",
              count(*) FILTER (WHERE settlement_started_at IS NULL AND closed_at IS NOT NULL AND NOT dropped_out)::int AS "closedOtherwise"
         FROM pathway_summary s ${where.sql}`,
      where.params,
    );
    return row!;
  }

  /** Arrivals, closures and the net change of work in progress per phase, per ISO week of the period (from and to required). */
  async flow(manager: EntityManager, filter: BottleneckFilter & { from: string; to: string }): Promise<FlowRows> {
    const arrivalsWhere = new Where()
      .and(`s.close_reason IS DISTINCT FROM 'merged'`)
      .period('s.started_at', filter)
      .scope('s', filter, 'organisations');
    const closuresWhere = new Where()
      .and(`s.closed_at IS NOT NULL AND s.close_reason IS DISTINCT FROM 'merged'`)
      .period('s.closed_at', filter)
      .scope('s', filter, 'organisations');
    // Work in progress at the end of week W = stays entered up to W minus stays left up to W. Each entry
    // counts +1 and each exit -1 in its week; everything before the period lands in its first week (the
    // caller accumulates). Before the period only the stays still running at its start count (left after
    // it, or not at all; and the odd stay that left before it entered), so every part reads an index range
    // of the period or the running stays, never the whole history. Weeks are the stays' generated
    // Amsterdam weeks (Monday), indexed in (week, phase) order: see the flow-weeks migration.
    const wip = new Where().scope('p', { ...filter, from: undefined, to: undefined }, 'organisations');
    const firstWeek = `date_trunc('week', ${wip.param(filter.from)}::date::timestamp)::date`;
    const lastWeek = `date_trunc('week', ${wip.param(filter.to)}::date::timestamp)::date`;
    const scoped = wip.sql ? `${wip.sql} AND` : 'WHERE';
    // The running stays come from the partial index of open stays, which holds the instant of entry:
    // before Monday 00:00 in Amsterdam of the first week is the same as before that week.
    const start = `${firstWeek}::timestamp AT TIME ZONE ${TZ}`;
    const [arrivals, closures, wipDeltas] = await Promise.all([
      manager.query<Array<{ week: string; count: number }>>(
        `SELECT ${week('started_at')} AS week, count(*)::int AS count FROM pathway_summary s ${arrivalsWhere.sql} GROUP BY 1 ORDER BY 1`,
        arrivalsWhere.params,
      ),
      manager.query<Array<{ week: string; count: number }>>(
        `SELECT ${week('closed_at')} AS week, count(*)::int AS count FROM pathway_summary s ${closuresWhere.sql} GROUP BY 1 ORDER BY 1`,
        closuresWhere.params,
      ),
      manager.query<Array<{ week: string; phase: string; delta: number }>>(
        `SELECT to_char(week::timestamp, 'YYYY-MM-DD') AS week, phase, sum(delta)::int AS delta FROM (
            SELECT ${firstWeek} AS week, phase, count(*) AS delta FROM bottleneck_phase_stay p
              ${scoped} p.left_at IS NULL AND p.entered_at < ${start} GROUP BY phase
            UNION ALL
            SELECT ${firstWeek}, phase, count(*) FROM bottleneck_phase_stay p
              ${scoped} p.left_week >= ${firstWeek} AND p.entered_week < ${firstWeek} GROUP BY phase
            UNION ALL
            SELECT ${firstWeek}, phase, -count(*) FROM bottleneck_phase_stay p
              ${scoped} p.entered_week >= ${firstWeek} AND p.left_week < ${firstWeek} GROUP BY phase
            UNION ALL
            SELECT entered_week, phase, count(*) FROM bottleneck_phase_stay p
              ${scoped} p.entered_week >= ${firstWeek} AND p.entered_week <= ${lastWeek} GROUP BY 1, 2
            UNION ALL
            SELECT left_week, phase, -count(*) FROM bottleneck_phase_stay p
              ${scoped} p.left_week >= ${firstWeek} AND p.left_week <= ${lastWeek} GROUP BY 1, 2
          ) d GROUP BY 1, 2 ORDER BY 1, 2`,
        wip.params,
      ),
    ]);
    return { arrivals, closures, wipDeltas };
  }
}
