import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { JobSchedule, ScheduledJob, ScheduledJobKind } from '../../application/job-schedule.port';
import { ScheduledJobRecord } from './court-case.record';

/** The `scheduled_job` table. */
export class ScheduledJobRepository implements JobSchedule {
  async schedule(manager: EntityManager, job: Omit<ScheduledJob, 'id'>): Promise<void> {
    await manager.getRepository(ScheduledJobRecord).insert({ id: randomUUID(), ...job, doneAt: null });
  }

  async claimDue(manager: EntityManager, today: string, limit: number): Promise<ScheduledJob[]> {
    const rows: Array<{
      id: string;
      organisation_id: string;
      pathway_id: string;
      kind: ScheduledJobKind;
      due_on: string;
    }> = await manager.query(
      `SELECT id, organisation_id, pathway_id, kind, to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM scheduled_job
        WHERE done_at IS NULL AND due_on <= $1::date
        ORDER BY due_on, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [today, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      pathwayId: row.pathway_id,
      kind: row.kind,
      dueOn: row.due_on,
    }));
  }

  async markDone(manager: EntityManager, jobId: string, doneAt: Date): Promise<void> {
    await manager.query(`UPDATE scheduled_job SET done_at = $2 WHERE id = $1`, [jobId, doneAt]);
  }
}
