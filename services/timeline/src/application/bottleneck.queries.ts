import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import type { Principal } from '@ketenpad/auth';
import { AccessLog } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import {
  BottleneckRepository,
  type BottleneckFilter,
  type Distribution,
} from '../adapters/persistence/bottleneck.repository';
import { NORMS, organisationIdOf, PILLAR_TO_POST_WEIGHTS } from '../domain/bottleneck-facts';
import { approachingUntil, lastStartOverThreshold } from '../domain/working-day-thresholds';
import { BOTTLENECK_CONFIG, type BottleneckConfig } from './bottleneck.config';

/** What a coordinator asks: filters, the moment to evaluate at ("now" by default) and how many pathways to list. */
export interface BottleneckRequest {
  municipality?: string;
  /** Organisation URN or id. */
  organisation?: string;
  from?: string;
  to?: string;
  /** ISO instant; default the clock's now. */
  asOf?: string;
  limit?: number;
}

export const PILLAR_TO_POST_FORMULA = `index = ${PILLAR_TO_POST_WEIGHTS.handOff} × hand-offs + ${PILLAR_TO_POST_WEIGHTS.declined} × declined referrals + ${PILLAR_TO_POST_WEIGHTS.bounce} × bounces (referrals back to an organisation that referred the case on before, or again to one that declined it)`;

const DEFAULT_LIMIT = 100;
const DEFAULT_WEEKS = 12;
const PHASE_ORDER = ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie', 'oplossing', 'aflossing', 'nazorg'];
const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * Coordinator bottleneck analytics. Aggregates the tables the projection
 * keeps up to date (never the raw events); "now" comes from the clock or
 * `asOf`, working days from the Atw calendar. Every pathway id returned is
 * recorded in the access log as read by the coordinator.
 */
@Injectable()
export class BottleneckQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: BottleneckRepository,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly accessLog: AccessLog,
    @Inject(BOTTLENECK_CONFIG) private readonly config: BottleneckConfig,
  ) {}

  async wgsDeadlines(
    principal: Principal,
    purpose: string,
    request: BottleneckRequest & { approachingWorkingDays?: number },
  ) {
    const { filter, today, limit, asOf } = this.context(request);
    const approachingDays = request.approachingWorkingDays ?? this.config.approachingWorkingDays;
    const until = approachingUntil(this.calendar, today, approachingDays);
    const manager = this.dataSource.manager;
    const [listed, counts, weeks] = await Promise.all([
      this.repository.openDeadlines(manager, filter, until.toString(), limit),
      this.repository.deadlineCounts(manager, filter, today.toString(), until.toString()),
      this.repository.firstConversationsPerWeek(manager, filter),
    ]);
    const pathways = listed.rows.map((row) => {
      const due = LocalDate.parse(row.firstConversationDue);
      const overdue = due.isBefore(today);
      return {
        ...row,
        status: overdue ? ('overdue' as const) : ('approaching' as const),
        // Working days still left before the due date (0 on the due date itself), or already past it.
        workingDaysLeft: overdue ? 0 : this.calendar.workingDaysBetween(today, due),
        workingDaysOverdue: overdue ? this.calendar.workingDaysBetween(due, today) : 0,
      };
    });
    await this.log(principal, purpose, pathways, 'bottleneck:wgs-deadlines');
    return {
      asOf,
      approachingWorkingDays: approachingDays,
      approachingUntil: until.toString(),
      overdue: counts.overdue,
      approaching: counts.approaching,
      pathways,
      listed: pathways.length,
      total: listed.total,
      weekly: weeks.map((w) => ({
        week: w.week,
        held: w.held,
        onTime: w.onTime,
        late: w.held - w.onTime,
        onTimeShare: share(w.onTime, w.held),
      })),
    };
  }

  async handOffs(principal: Principal, purpose: string, request: BottleneckRequest) {
    const { filter, today, limit, asOf } = this.context(request);
    const manager = this.dataSource.manager;
    const threshold = this.config.referralWaitingWorkingDays;
    const overThresholdOnOrBefore = lastStartOverThreshold(this.calendar, today, threshold);
    const [pairs, waiting] = await Promise.all([
      this.repository.handOffPairs(manager, filter),
      this.repository.waitingReferrals(manager, filter, limit),
    ]);
    const referrals = waiting.rows.map((r) => {
      const made = LocalDate.fromInstant(new Date(r.referredAt));
      return {
        ...r,
        workingDaysWaiting: this.calendar.workingDaysBetween(made, today),
        overThreshold: !made.isAfter(overThresholdOnOrBefore),
      };
    });
    await this.log(principal, purpose, referrals, 'bottleneck:hand-offs');
    return {
      asOf,
      thresholdWorkingDays: threshold,
      pairs: pairs.map((p) => ({
        ...p,
        referralToAcceptance: hours(p.referralToAcceptance),
        acceptanceToFirstContact: hours(p.acceptanceToFirstContact),
      })),
      waiting: referrals,
      waitingTotal: waiting.total,
    };
  }

  async phaseDurations(principal: Principal, purpose: string, request: BottleneckRequest) {
    const { filter, asOf } = this.context(request);
    const manager = this.dataSource.manager;
    const [phases, milestones] = await Promise.all([
      this.repository.phaseDurations(manager, filter),
      this.repository.milestones(manager, filter, NORMS.settlementPreparationDays),
    ]);
    phases.sort((a, b) => rank(a.phase) - rank(b.phase));
    await this.log(principal, purpose, [], 'bottleneck:phase-durations');
    return {
      asOf,
      phases: phases.map((p) => ({ phase: p.phase, ...days(p.completed), ongoing: p.ongoing })),
      settlementPreparation: {
        ...days(milestones.settlementPreparation),
        overNorm: milestones.settlementPreparation.overNorm,
        normDays: NORMS.settlementPreparationDays,
      },
      firstAppointment: { ...days(milestones.firstAppointment), normMeanDays: NORMS.daysToFirstAppointment },
    };
  }

  async stalled(principal: Principal, purpose: string, request: BottleneckRequest & { days?: number }) {
    const { filter, limit, asOf } = this.context(request);
    const days = request.days ?? this.config.stalledDays;
    const quietSince = new Date(Date.parse(asOf) - days * 86_400_000);
    const { rows, groups } = await this.repository.stalled(this.dataSource.manager, filter, quietSince, limit);
    const pathways = rows.map((r) => ({
      ...r,
      daysSinceLastEvent: Math.floor((Date.parse(asOf) - Date.parse(r.lastEventAt)) / 86_400_000),
    }));
    await this.log(principal, purpose, pathways, 'bottleneck:stalled');
    return { asOf, days, total: groups.reduce((n, g) => n + g.count, 0), byPhaseAndOwner: groups, pathways };
  }

  async pillarToPost(principal: Principal, purpose: string, request: BottleneckRequest & { minIndex?: number }) {
    const { filter, limit, asOf } = this.context(request);
    const minIndex = request.minIndex ?? this.config.pillarToPostMinIndex;
    const { rows, total } = await this.repository.pillarToPost(this.dataSource.manager, filter, minIndex, limit);
    await this.log(principal, purpose, rows, 'bottleneck:pillar-to-post');
    return { asOf, formula: PILLAR_TO_POST_FORMULA, minIndex, total, pathways: rows };
  }

  async outcomes(principal: Principal, purpose: string, request: BottleneckRequest) {
    const { filter, asOf } = this.context(request);
    const manager = this.dataSource.manager;
    const [rows, cohort] = await Promise.all([
      this.repository.closures(manager, filter),
      this.repository.cohort(manager, filter),
    ]);
    const closed = rows.reduce((n, r) => n + r.count, 0);
    const droppedOut = rows.reduce((n, r) => n + r.droppedOut, 0);
    const byPhase = new Map<string, number>();
    for (const r of rows) byPhase.set(r.phase ?? 'unknown', (byPhase.get(r.phase ?? 'unknown') ?? 0) + r.count);
    await this.log(principal, purpose, [], 'bottleneck:outcomes');
    return {
      asOf,
      closed,
      byPhase: [...byPhase].map(([phase, count]) => ({ phase, count })).sort((a, b) => rank(a.phase) - rank(b.phase)),
      byPhaseAndReason: rows.map((r) => ({ phase: r.phase, reason: r.reason, count: r.count })),
      droppedOutBeforeSettlement: droppedOut,
      dropOutShare: share(droppedOut, closed),
      dropOutShareBase: 'closed' as const,
      // The reference figure is a share of everyone who registered: compared with the cohort, like with like.
      cohort: {
        ...cohort,
        dropOutShare: share(cohort.droppedOut, cohort.registered),
        dropOutShareBase: 'registered' as const,
      },
      normDropOutShare: NORMS.dropOutBeforeSettlementShare,
      normDropOutShareBase: 'registered' as const,
    };
  }

  async flow(principal: Principal, purpose: string, request: BottleneckRequest) {
    const { filter, today, asOf } = this.context(request);
    const to = filter.to ?? today.toString();
    const from =
      filter.from ??
      mondayOf(LocalDate.parse(to))
        .plusDays(-7 * (DEFAULT_WEEKS - 1))
        .toString();
    const rows = await this.repository.flow(this.dataSource.manager, { ...filter, from, to });
    const weeks: string[] = [];
    for (let w = mondayOf(LocalDate.parse(from)); !w.isAfter(LocalDate.parse(to)); w = w.plusDays(7))
      weeks.push(w.toString());
    const running = new Map<string, number>();
    const byWeek = weeks.map((week) => {
      for (const d of rows.wipDeltas.filter((x) => x.week === week))
        running.set(d.phase, (running.get(d.phase) ?? 0) + d.delta);
      const workInProgress = Object.fromEntries(
        [...running].filter(([, n]) => n !== 0).sort(([a], [b]) => rank(a) - rank(b)),
      );
      return {
        week,
        arrivals: rows.arrivals.find((a) => a.week === week)?.count ?? 0,
        closures: rows.closures.find((c) => c.week === week)?.count ?? 0,
        workInProgress,
      };
    });
    await this.log(principal, purpose, [], 'bottleneck:flow');
    return { asOf, from, to, weeks: byWeek };
  }

  private context(request: BottleneckRequest): {
    filter: BottleneckFilter;
    today: LocalDate;
    limit: number;
    asOf: string;
  } {
    const now = request.asOf ? new Date(request.asOf) : this.clock.now();
    const filter: BottleneckFilter = {
      ...(request.municipality ? { municipality: request.municipality } : {}),
      ...(request.organisation ? { organisation: organisationIdOf(request.organisation) } : {}),
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
    };
    return {
      filter,
      today: LocalDate.fromInstant(now),
      limit: request.limit ?? DEFAULT_LIMIT,
      asOf: now.toISOString(),
    };
  }

  /** The pathways an answer names are reads of those pathways (NEN 7513); aggregates alone name none. */
  private async log(
    principal: Principal,
    purpose: string,
    rows: ReadonlyArray<{ pathwayId: string }>,
    resource: string,
  ): Promise<void> {
    const ids = [...new Set(rows.map((r) => r.pathwayId))];
    await this.accessLog.record(
      principal,
      ids.map((pathwayId) => ({ pathwayId, resource })),
      purpose,
    );
  }
}

function rank(phase: string): number {
  const index = PHASE_ORDER.indexOf(phase);
  return index === -1 ? PHASE_ORDER.length : index;
}

function mondayOf(date: LocalDate): LocalDate {
  return date.plusDays(1 - date.weekday);
}

function hours(d: Distribution) {
  return { count: d.count, medianHours: d.median, p90Hours: d.p90, meanHours: d.mean };
}

function days(d: Distribution) {
  return { count: d.count, medianDays: d.median, p90Days: d.p90, meanDays: d.mean };
}
