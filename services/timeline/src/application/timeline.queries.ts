import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import type { Principal } from '@ketenpad/auth';
import { AccessLog } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { TimelineRepository, type StoredTimelineEntry } from '../adapters/persistence/timeline.repository';
import { describeEvent } from '../domain/event-description';
import { pathwayFlags, type PathwayFlag } from '../domain/pathway-flags';
import type { PathwaySummary } from '../domain/pathway-summary';
import { readAccess, type Reader } from '../domain/read-access.policy';
import { entriesFor, summaryFor } from '../domain/reader-view';

export class PathwayNotVisible extends Error {}

export type PathwayView = PathwaySummary & { flags: PathwayFlag[] };

/**
 * Read side of the timeline. Who sees what is decided by the read-access policy
 * (domain/read-access.policy.ts), for the summary as for the events: a reader
 * without the whole view is shown the summary folded from the events it may
 * read (domain/reader-view.ts). Refusals look exactly like unknown pathways,
 * so ids cannot be probed.
 */
@Injectable()
export class TimelineQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TimelineRepository,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly accessLog: AccessLog,
  ) {}

  /** The pathway summary; the read is recorded in the access log (refusals are not reads). */
  async summary(principal: Principal, pathwayId: string, purpose: string): Promise<PathwayView> {
    const { view } = await this.visibleSummary(principal, pathwayId);
    await this.accessLog.record(principal, [{ pathwayId, resource: 'summary' }], purpose);
    return view;
  }

  /** The events the reader may see; the read is recorded with the classifications actually shown. */
  async timeline(
    principal: Principal,
    pathwayId: string,
    purpose: string,
  ): Promise<{ summary: PathwayView; entries: StoredTimelineEntry[] }> {
    const { view, visible } = await this.visibleSummary(principal, pathwayId);
    // Hand-off waits come from the pathway's final state, so they hold whatever order the topics were consumed in.
    const entries = visible.map((e) => ({
      ...e,
      summary: describeEvent(
        {
          id: e.eventId,
          type: e.type,
          source: e.source,
          time: e.occurredAt,
          pathwayId,
          classification: e.classification,
          data: e.data,
        },
        view,
      ),
    }));
    const classifications = [...new Set(entries.map((e) => e.classification))].sort();
    await this.accessLog.record(principal, [{ pathwayId, resource: 'timeline', classifications }], purpose);
    return { summary: view, entries };
  }

  /** The reader's view of the pathway: its summary and the entries it may read, both by the one policy. */
  private async visibleSummary(principal: Principal, pathwayId: string) {
    const summary = await this.repository.findSummary(this.dataSource.manager, pathwayId);
    const reader: Reader = { ...principal.organisation };
    const today = LocalDate.fromInstant(this.clock.now());
    const access = summary ? readAccess(summary, reader, today) : { visible: false as const };
    if (!summary || !access.visible) throw new PathwayNotVisible(pathwayId);
    const visible = entriesFor(
      access,
      reader,
      summary,
      await this.repository.findEntries(this.dataSource.manager, pathwayId),
    );
    const shown = summaryFor(access, summary, visible);
    return { view: { ...shown, flags: pathwayFlags(shown, today, this.calendar) }, visible };
  }
}
