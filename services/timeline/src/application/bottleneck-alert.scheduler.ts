import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { buildEvent, serviceSourceFor, sourceFor } from '@ketenpad/events';
import { OutboxWriter } from '@ketenpad/messaging';
import { inTransaction } from '@ketenpad/persistence';
import { Clock, JsonLogger, ServiceMetrics } from '@ketenpad/runtime';
import { AlertRepository } from '../adapters/persistence/alert.repository';
import { approachingUntil, lastStartOverThreshold } from '../domain/working-day-thresholds';
import { BOTTLENECK_CONFIG, type BottleneckConfig } from './bottleneck.config';
import { ProjectionProgress } from './chain-topics';

/** The topic the timeline publishes its alerts on. */
export const TIMELINE_TOPIC = 'timeline.events.v1';

/** The timeline publishes as the chain itself, not as one organisation. */
export const TIMELINE_SOURCE = serviceSourceFor('timeline');

const BATCH = 500;

/**
 * Live alerts. Every `alertIntervalMs` (and at start-up) one transaction
 * claims the first-conversation deadlines that passed and the referrals
 * unanswered beyond the threshold (working days, Atw calendar), and appends a
 * `deadline-breached` / `referral-waiting-too-long` event per claim to the
 * outbox - exactly once per pathway / referral, guaranteed by the
 * `timeline_alert` primary key (see AlertRepository). Nothing is raised while
 * the projection lags behind the chain topics (a rebuild, a backlog): a fact
 * not yet read could meet the deadline. The same thresholds are
 * Prometheus gauges on `/metrics`, computed at scrape time.
 */
@Injectable()
export class BottleneckAlertScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
    private readonly outbox: OutboxWriter,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly metrics: ServiceMetrics,
    private readonly progress: ProjectionProgress,
    @Inject(BOTTLENECK_CONFIG) private readonly config: BottleneckConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registerGauges();
    this.stopped = false;
    await this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Raises every alert that is due now; returns how many events were appended (none while the projection lags). */
  async pollOnce(): Promise<number> {
    if (!(await this.progress.caughtUp())) return 0;
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now);
    const threshold = this.config.referralWaitingWorkingDays;
    const referredOnOrBefore = lastStartOverThreshold(this.calendar, today, threshold).toString();
    const appended = await inTransaction(this.dataSource, async (manager) => {
      const deadlines = await this.alerts.claimBreachedDeadlines(manager, today.toString(), now, BATCH, randomUUID);
      const referrals = await this.alerts.claimOverdueReferrals(manager, referredOnOrBefore, now, BATCH, randomUUID);
      const events = [
        ...deadlines.map((d) =>
          buildEvent({
            id: d.eventId,
            type: 'nl.ketenpad.timeline.deadline-breached.v1',
            source: TIMELINE_SOURCE,
            pathwayId: d.pathwayId,
            time: now.toISOString(),
            data: {
              deadline: 'first-conversation',
              dueOn: d.dueOn,
              detectedAt: now.toISOString(),
              crisis: d.crisis,
              municipality: sourceFor('municipality', d.municipalityCode),
            },
          }),
        ),
        ...referrals.map((r) =>
          buildEvent({
            id: r.eventId,
            type: 'nl.ketenpad.timeline.referral-waiting-too-long.v1',
            source: TIMELINE_SOURCE,
            pathwayId: r.pathwayId,
            time: now.toISOString(),
            data: {
              referralId: r.referralId,
              fromOrg: r.fromOrg,
              toOrg: r.toOrg,
              referredAt: r.referredAt,
              thresholdWorkingDays: threshold,
              detectedAt: now.toISOString(),
            },
          }),
        ),
      ];
      if (events.length > 0) await this.outbox.append(manager, events, { topic: TIMELINE_TOPIC });
      return events.length;
    });
    if (appended > 0) this.outbox.afterCommit();
    return appended;
  }

  private registerGauges(): void {
    const today = () => LocalDate.fromInstant(this.clock.now());
    const manager = () => this.dataSource.manager;
    this.metrics.gauge(
      'ketenpad_wgs_deadline_breached_open',
      'Open pathways past their Wgs first-conversation deadline without a first conversation',
      ['municipality'],
      async (g) => {
        const rows = await this.alerts.breachedPerMunicipality(manager(), today().toString());
        g.reset();
        for (const r of rows) g.set({ municipality: r.municipality }, r.count);
      },
    );
    this.metrics.gauge(
      'ketenpad_wgs_deadline_approaching',
      'Open pathways whose Wgs first-conversation deadline falls within the approaching window (working days)',
      ['municipality'],
      async (g) => {
        const day = today();
        const rows = await this.alerts.approachingPerMunicipality(
          manager(),
          day.toString(),
          approachingUntil(this.calendar, day, this.config.approachingWorkingDays).toString(),
        );
        g.reset();
        for (const r of rows) g.set({ municipality: r.municipality }, r.count);
      },
    );
    this.metrics.gauge(
      'ketenpad_referrals_waiting_too_long',
      'Referrals unanswered beyond the hand-off threshold (working days), per organisation that has to answer',
      ['organisation'],
      async (g) => {
        const rows = await this.alerts.waitingTooLongPerOrganisation(
          manager(),
          lastStartOverThreshold(this.calendar, today(), this.config.referralWaitingWorkingDays).toString(),
        );
        g.reset();
        for (const r of rows) g.set({ organisation: r.organisation }, r.count);
      },
    );
  }

  private async tick(): Promise<void> {
    const poll = this.pollOnce().catch((error: unknown) => {
      this.logger.error(
        'alert poll failed; retrying at the next interval',
        error instanceof Error ? { error: error.message } : {},
      );
    });
    this.running = poll;
    await poll;
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), this.config.alertIntervalMs);
      this.timer.unref();
    }
  }
}
