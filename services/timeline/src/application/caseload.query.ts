import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import type { Principal } from '@ketenpad/auth';
import { AccessLog } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { pathwayFacts } from '../domain/bottleneck-facts';
import { pathwayFlags, type PathwayFlag } from '../domain/pathway-flags';
import type { PathwaySummary } from '../domain/pathway-summary';
import { TimelineRepository } from '../adapters/persistence/timeline.repository';
import { readAccess, seesWholePathway, type Reader } from '../domain/read-access.policy';
import { entriesFor, summaryFor, type EntryFacts } from '../domain/reader-view';
import { BOTTLENECK_CONFIG, type BottleneckConfig } from './bottleneck.config';

export const CASELOAD_FLAGS = [
  'first-conversation-overdue',
  'referral-not-accepted-in-time',
  'referral-declined',
  'referral-bounced',
  'pillar-to-post',
] as const;
export type CaseloadFlag = (typeof CASELOAD_FLAGS)[number];
export const CASELOAD_SORTS = ['deadline', 'lastEvent', 'started'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export interface CaseloadFilter {
  status: 'open' | 'closed' | 'all';
  municipality?: string;
  phase?: string;
  deadline?: 'overdue' | 'due-soon';
  flag?: CaseloadFlag;
  owner?: string;
  /** List pathways merged into another one too (by default a merged pathway is not a case of its own). */
  includeMerged: boolean;
  sort: CaseloadSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface CaseloadItem {
  pathwayId: string;
  municipalityCode: string | null;
  phase: string;
  crisis: string | null;
  legalStatus: string | null;
  owner: string | null;
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  /** Working days (Algemene termijnenwet) from today to the first-conversation deadline; negative when overdue, null once held, closed or without one. */
  workingDaysLeft: number | null;
  openReferrals: number;
  /** Pillar-to-post index (bottleneck-facts.ts): 1 per hand-off, 2 per declined referral, 3 per bounce. */
  pillarToPostIndex: number;
  flags: PathwayFlag[];
  startedAt: string;
  lastEventAt: string;
  closedAt: string | null;
  /** The pathway this one was taken into (only listed with `includeMerged`). */
  mergedInto: string | null;
}

export interface CaseloadPage {
  items: CaseloadItem[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The caseload: the pathways a reader may see, with today's deadline and flags,
 * filtered, sorted and paged on the server. Who may see what is the chain's one
 * need-to-know policy, applied to every candidate; the SQL only narrows the
 * candidates (a municipality's own pathways). Only the returned page is
 * access-logged, one row per pathway.
 */
@Injectable()
export class CaseloadQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly accessLog: AccessLog,
    @Inject(BOTTLENECK_CONFIG) private readonly config: BottleneckConfig,
    private readonly repository: TimelineRepository,
  ) {}

  async list(principal: Principal, filter: CaseloadFilter, purpose: string): Promise<CaseloadPage> {
    const reader: Reader = { ...principal.organisation };
    const today = LocalDate.fromInstant(this.clock.now());
    const municipality = reader.kind === 'municipality' ? (reader.municipalityCode ?? '') : filter.municipality;
    // Only a reader with the whole view may be filtered on the whole state in SQL; anyone else's
    // filters apply to the summary it is shown, or they would tell it what its events do not.
    const whole = reader.kind === 'municipality' || reader.kind === 'coordinator';
    const conditions = ['TRUE'];
    const parameters: unknown[] = [];
    if (whole) {
      if (!filter.includeMerged) conditions.push("(state->>'mergedInto') IS NULL");
      if (filter.status !== 'all') conditions.push(filter.status === 'open' ? 'NOT closed' : 'closed');
      if (municipality !== undefined) {
        parameters.push(municipality);
        conditions.push(`municipality_code = $${parameters.length}`);
      }
      if (filter.phase !== undefined) {
        parameters.push(filter.phase);
        conditions.push(`phase = $${parameters.length}`);
      }
    }
    const rows: Array<{ state: PathwaySummary }> = await this.dataSource.query(
      `SELECT state FROM pathway_summary WHERE ${conditions.join(' AND ')}`,
      parameters,
    );
    const candidates = rows
      .map((r) => ({ summary: r.state, access: readAccess(r.state, reader, today) }))
      .filter((c) => c.access.visible);
    const restricted = candidates.filter((c) => !seesWholePathway(c.access));
    const events =
      restricted.length > 0
        ? await this.repository.findEventsForFold(
            this.dataSource.manager,
            restricted.map((c) => c.summary.pathwayId),
          )
        : new Map<string, never[]>();
    const visible = candidates
      .map(({ summary, access }) => {
        if (seesWholePathway(access)) return summaryFor(access, summary, []);
        const entries: EntryFacts[] = (events.get(summary.pathwayId) ?? []).map((e) => ({
          eventId: e.id,
          type: e.type,
          source: e.source,
          classification: e.classification,
          occurredAt: e.time,
          data: { ...e.data },
        }));
        const shown = summaryFor(access, summary, entriesFor(access, reader, summary, entries));
        return shown;
      })
      .filter((summary) => whole || this.shownMatches(summary, filter, municipality))
      .map((summary) => this.itemOf(summary, today))
      .filter((item) => this.matches(item, filter, today));
    visible.sort(comparator(filter.sort, filter.order));
    const start = (filter.page - 1) * filter.pageSize;
    const items = visible.slice(start, start + filter.pageSize);
    await this.accessLog.record(
      principal,
      items.map((item) => ({ pathwayId: item.pathwayId, resource: 'pathway-list' })),
      purpose,
    );
    return { items, total: visible.length, page: filter.page, pageSize: filter.pageSize };
  }

  /** The SQL narrowing of {@link list}, on the summary a reader without the whole view is shown. */
  private shownMatches(summary: PathwaySummary, filter: CaseloadFilter, municipality: string | undefined): boolean {
    if (!filter.includeMerged && summary.mergedInto !== null) return false;
    if (filter.status === 'open' && summary.closedAt !== null) return false;
    if (filter.status === 'closed' && summary.closedAt === null) return false;
    if (municipality !== undefined && summary.municipalityCode !== municipality) return false;
    if (filter.phase !== undefined && summary.phase !== filter.phase) return false;
    return true;
  }

  private itemOf(summary: PathwaySummary, today: LocalDate): CaseloadItem {
    // The Wgs deadline runs until the first conversation is held or the pathway closes (merged, withdrawn, ...).
    const due =
      summary.firstConversationHeldAt === null && summary.closedAt === null ? summary.firstConversationDue : null;
    return {
      pathwayId: summary.pathwayId,
      municipalityCode: summary.municipalityCode,
      phase: summary.phase,
      crisis: summary.crisis,
      legalStatus: summary.legalStatus,
      owner: summary.owner,
      firstConversationDue: summary.firstConversationDue,
      firstConversationHeldAt: summary.firstConversationHeldAt,
      workingDaysLeft: due === null ? null : this.calendar.workingDaysBetween(today, LocalDate.parse(due.slice(0, 10))),
      openReferrals: summary.referrals.filter((r) => r.status === 'waiting').length,
      pillarToPostIndex: pathwayFacts(summary).pillarIndex,
      flags: pathwayFlags(summary, today, this.calendar),
      startedAt: summary.startedAt,
      lastEventAt: summary.lastEventAt,
      closedAt: summary.closedAt,
      mergedInto: summary.mergedInto,
    };
  }

  private matches(item: CaseloadItem, filter: CaseloadFilter, today: LocalDate): boolean {
    if (filter.owner !== undefined && item.owner !== filter.owner) return false;
    if (filter.deadline !== undefined) {
      if (item.workingDaysLeft === null) return false;
      const due = LocalDate.parse(item.firstConversationDue!.slice(0, 10));
      if (filter.deadline === 'overdue' && !due.isBefore(today)) return false;
      if (
        filter.deadline === 'due-soon' &&
        (due.isBefore(today) || item.workingDaysLeft > this.config.approachingWorkingDays)
      )
        return false;
    }
    if (filter.flag === 'pillar-to-post') return item.pillarToPostIndex >= this.config.pillarToPostMinIndex;
    if (filter.flag !== undefined) return item.flags.some((f) => f.kind === filter.flag);
    return true;
  }
}

function comparator(sort: CaseloadSort, order: 'asc' | 'desc'): (a: CaseloadItem, b: CaseloadItem) => number {
  const key = (item: CaseloadItem): string | null =>
    sort === 'deadline'
      ? item.workingDaysLeft === null
        ? null
        : item.firstConversationDue
      : sort === 'lastEvent'
        ? item.lastEventAt
        : item.startedAt;
  const direction = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    // Pathways without the sort key (deadline met, closed or none) go last, whatever the order.
    if (x === null || y === null) return x === y ? a.pathwayId.localeCompare(b.pathwayId) : x === null ? 1 : -1;
    return x < y ? -direction : x > y ? direction : a.pathwayId.localeCompare(b.pathwayId);
  };
}
