import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { OutboxWriter } from '@ketenpad/messaging';
import { inTransaction } from '@ketenpad/persistence';
import type { JsonLogger } from '@ketenpad/runtime';
import { DomainRuleViolation } from '../domain/court-case.errors';
import { isPublished } from '../domain/court-case/court-case.events';
import { CourtCaseNotFound } from './application.errors';
import type { Clock } from '@ketenpad/runtime';
import type { CommandOutcome, CourtCaseCommandHandler, ExistingCaseCommand } from './court-case.command-handler';
import type { JobSchedule, ScheduledJob } from './job-schedule.port';

export interface MoratoriumEndSchedulerOptions {
  /** Pause between polls; default 30 s. */
  readonly intervalMs: number;
  /** Jobs claimed per poll transaction; default 100. */
  readonly batchSize?: number;
}

/** Default poll interval; override with COURT_LIAISON_SCHEDULER_INTERVAL_MS. */
export const DEFAULT_SCHEDULER_INTERVAL_MS = 30_000;

/**
 * Emits `moratorium-ended` once a granted moratorium's last day has passed
 * (the calendar date in Europe/Amsterdam). Polls the durable `scheduled_job`
 * table on start-up and then every `intervalMs`. Each poll claims the due
 * jobs (FOR UPDATE SKIP LOCKED), ends the moratorium, appends the event to the
 * outbox and marks the job done in ONE transaction - so neither a second
 * instance nor a crash halfway can emit twice, and a restart misses nothing.
 */
export class MoratoriumEndScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobSchedule,
    private readonly commands: CourtCaseCommandHandler,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly options: MoratoriumEndSchedulerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Let a poll in flight commit or roll back before the database closes.
    await this.running;
  }

  /** Runs the due jobs once; returns how many events were emitted. */
  async pollOnce(): Promise<number> {
    const now = this.clock.now();
    const today = LocalDate.fromInstant(now).toString();
    const emitted = await inTransaction(this.dataSource, async (manager) => {
      const due = await this.jobs.claimDue(manager, today, this.options.batchSize ?? 100);
      let count = 0;
      for (const job of due) {
        count += await this.run(job, today, (command) =>
          this.commands.executeIn(manager, job.organisationId, job.pathwayId, command),
        );
        await this.jobs.markDone(manager, job.id, now);
      }
      return count;
    });
    if (emitted > 0) this.outbox.afterCommit();
    return emitted;
  }

  private async run(
    job: ScheduledJob,
    today: string,
    execute: (command: ExistingCaseCommand) => Promise<CommandOutcome>,
  ): Promise<number> {
    try {
      const outcome = await execute({
        type: 'end-moratorium',
        today,
        at: startOfDayInAmsterdam(LocalDate.parse(job.dueOn)),
      });
      return outcome.events.filter(isPublished).length;
    } catch (error) {
      // The case moved on (no moratorium in force any more): the job has nothing
      // left to do. Refusals throw before anything is written, so the
      // transaction stays usable; anything else rolls the poll back for a retry.
      if (error instanceof DomainRuleViolation || error instanceof CourtCaseNotFound) {
        this.logger.warn('scheduled job had nothing to do', {
          jobId: job.id,
          kind: job.kind,
          pathwayId: job.pathwayId,
          reason: error.message,
        });
        return 0;
      }
      throw error;
    }
  }

  private async tick(): Promise<void> {
    const poll = this.pollOnce().catch((error: unknown) => {
      this.logger.error(
        'moratorium end poll failed; retrying at the next interval',
        error instanceof Error ? { error: error.message } : {},
      );
    });
    this.running = poll;
    await poll;
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
      this.timer.unref();
    }
  }
}

/**
 * The instant a calendar date begins in the Netherlands: a moratorium whose
 * last day is D ends at 00:00 Europe/Amsterdam on D + 1. Midnight never falls
 * in a DST gap there (the clocks change at 02:00/03:00).
 */
export function startOfDayInAmsterdam(date: LocalDate): Date {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(utcMidnight));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const localAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return new Date(utcMidnight - (localAsUtc - utcMidnight));
}
