import type { EntityManager } from 'typeorm';
import type { CaseloadEntry, CaseloadStore } from '../../application/social-work-store.port';
import type { CaseloadEvent, CaseloadPathway } from '../../domain/caseload/caseload-pathway';
import type { SupportKind, Threat } from '../../domain/social-work.codes';

/** Caseloads, support periods and urgent situations in PostgreSQL, scoped per social-work organisation. */
export class CaseloadRepository implements CaseloadStore {
  async loadForUpdate(manager: EntityManager, organisation: string, pathwayId: string): Promise<CaseloadPathway | undefined> {
    // The caseload row is the lock that serialises commands on one pathway of one organisation.
    const found: unknown[] = await manager.query('SELECT 1 FROM caseload_pathway WHERE organisation = $1 AND pathway_id = $2 FOR UPDATE', [
      organisation,
      pathwayId,
    ]);
    if (found.length === 0) return undefined;
    const running: Array<{ kind: SupportKind }> = await manager.query(
      'SELECT kind FROM support_period WHERE organisation = $1 AND pathway_id = $2 AND ended_at IS NULL ORDER BY started_at, id',
      [organisation, pathwayId],
    );
    return { organisation, pathwayId, activeSupport: running.map((r) => r.kind) };
  }

  async open(manager: EntityManager, organisation: string, pathwayId: string, openedBy: 'referral-accepted' | 'referral-made', at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO caseload_pathway (organisation, pathway_id, opened_by, opened_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organisation, pathway_id) DO NOTHING`,
      [organisation, pathwayId, openedBy, at],
    );
  }

  async record(manager: EntityManager, organisation: string, events: readonly CaseloadEvent[]): Promise<void> {
    for (const event of events) {
      switch (event.type) {
        case 'support-started':
          await manager.query('INSERT INTO support_period (organisation, pathway_id, kind, started_at) VALUES ($1, $2, $3, $4)', [
            organisation,
            event.pathwayId,
            event.data.kind,
            event.data.at,
          ]);
          break;
        case 'support-ended':
          await manager.query(
            `UPDATE support_period SET ended_at = $4, outcome = $5
             WHERE organisation = $1 AND pathway_id = $2 AND kind = $3 AND ended_at IS NULL`,
            [organisation, event.pathwayId, event.data.kind, event.data.at, event.data.outcome],
          );
          break;
        case 'urgent-situation-flagged':
          await manager.query('INSERT INTO urgent_situation (organisation, pathway_id, threat, due_by, flagged_at) VALUES ($1, $2, $3, $4, $5)', [
            organisation,
            event.pathwayId,
            event.data.threat,
            event.data.dueBy,
            event.data.at,
          ]);
          break;
      }
    }
  }

  async list(manager: EntityManager, organisation: string): Promise<CaseloadEntry[]> {
    return this.entries(manager, organisation);
  }

  async find(manager: EntityManager, organisation: string, pathwayId: string): Promise<CaseloadEntry | undefined> {
    return (await this.entries(manager, organisation, pathwayId))[0];
  }

  /** The caseload (or one pathway of it), newest first, with running support and urgent situations, in three queries. */
  private async entries(manager: EntityManager, organisation: string, pathwayId?: string): Promise<CaseloadEntry[]> {
    const only = pathwayId ?? null;
    const pathways: Array<{ pathway_id: string; opened_by: CaseloadEntry['openedBy']; opened_at: Date }> =
      await manager.query(
        `SELECT pathway_id, opened_by, opened_at FROM caseload_pathway
       WHERE organisation = $1 AND ($2::uuid IS NULL OR pathway_id = $2) ORDER BY opened_at DESC, pathway_id`,
        [organisation, only],
      );
    if (pathways.length === 0) return [];
    const support: Array<{ pathway_id: string; kind: SupportKind }> = await manager.query(
      `SELECT pathway_id, kind FROM support_period
       WHERE organisation = $1 AND ($2::uuid IS NULL OR pathway_id = $2) AND ended_at IS NULL ORDER BY started_at, id`,
      [organisation, only],
    );
    const urgent: Array<{ pathway_id: string; threat: Threat; due_by: string; flagged_at: Date }> = await manager.query(
      `SELECT pathway_id, threat, to_char(due_by, 'YYYY-MM-DD') AS due_by, flagged_at FROM urgent_situation
       WHERE organisation = $1 AND ($2::uuid IS NULL OR pathway_id = $2) ORDER BY flagged_at, id`,
      [organisation, only],
    );
    return pathways.map((p) => ({
      pathwayId: p.pathway_id,
      openedBy: p.opened_by,
      openedAt: p.opened_at,
      activeSupport: support.filter((s) => s.pathway_id === p.pathway_id).map((s) => s.kind),
      urgentSituations: urgent
        .filter((u) => u.pathway_id === p.pathway_id)
        .map((u) => ({ threat: u.threat, dueBy: u.due_by, flaggedAt: u.flagged_at })),
    }));
  }
}
