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
import { mayReadEvent, readAccess, type Reader } from '../domain/read-access.policy';

export class PathwayNotVisible extends Error {}

export type PathwayView = PathwaySummary & { flags: PathwayFlag[] };

/**
 * Read side of the timeline. Who sees what is decided by the read-access policy
 * (domain/read-access.policy.ts); refusals look exactly like unknown pathways,
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
    const { view, reader, access } = await this.visibleSummary(principal, pathwayId);
    const entries = (await this.repository.findEntries(this.dataSource.manager, pathwayId))
      .filter((e) => mayReadEvent(access, e, reader))
      // Hand-off waits come from the pathway's final state, so they hold whatever order the topics were consumed in.
      .map((e) => ({
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

  private async visibleSummary(principal: Principal, pathwayId: string) {
    const summary = await this.repository.findSummary(this.dataSource.manager, pathwayId);
    const reader: Reader = { ...principal.organisation };
    const today = LocalDate.fromInstant(this.clock.now());
    const access = summary ? readAccess(summary, reader, today) : { visible: false as const };
    if (!summary || !access.visible) throw new PathwayNotVisible(pathwayId);
    return { view: { ...summary, flags: pathwayFlags(summary, today, this.calendar) }, reader, access };
  }
}
