import type { EntityManager } from 'typeorm';

/** Kinds of work that fall due on a date. */
export type ScheduledJobKind = 'moratorium-end';

/** Work for one court case that falls due on a calendar date (Europe/Amsterdam). */
export interface ScheduledJob {
  readonly id: string;
  readonly organisationId: string;
  readonly pathwayId: string;
  readonly kind: ScheduledJobKind;
  /** 'YYYY-MM-DD': the job runs on the first poll on or after this date. */
  readonly dueOn: string;
}

/**
 * The durable schedule (table `scheduled_job`): jobs survive restarts, and
 * claiming a job locks it so that two pollers, or a retry after a crash, can
 * never run it twice. Implemented by adapters/persistence/scheduled-job.repository.ts.
 */
export interface JobSchedule {
  schedule(manager: EntityManager, job: Omit<ScheduledJob, 'id'>): Promise<void>;
  /** Not-yet-done jobs due on or before `today`, locked (FOR UPDATE SKIP LOCKED: rows another poller holds are skipped). */
  claimDue(manager: EntityManager, today: string, limit: number): Promise<ScheduledJob[]>;
  markDone(manager: EntityManager, jobId: string, doneAt: Date): Promise<void>;
}
