import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { CourtCaseState } from '../domain/court-case/court-case.state';
import { CourtCaseNotFound } from './application.errors';
import type { CourtCaseStore } from './court-case-store.port';

/** The court liaison's own view of its case for a pathway. */
export type CourtCaseView = CourtCaseState;

/**
 * Reads for the court liaison's own staff.
 *
 * Need-to-know: a court liaison reads only its own case of a pathway, that is
 * its own records and the referrals addressed to it. That is stricter than
 * `readAccess` (libs/privacy), which would let a participant read the `chain`
 * events of the whole pathway: the court liaison has no use for the rest of the
 * pathway here (the timeline serves it, through the policy), and its own
 * records are always visible to it (`mayReadEvent`: the producer's own events).
 */
export class CourtCaseQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CourtCaseStore,
    private readonly accessLog: AccessLog,
  ) {}

  /**
   * The case of the caller's organisation (`organisationId`); CourtCaseNotFound
   * when it has none for the pathway. A served read is recorded in the access
   * log (resource `court-case`) in the reading transaction; a refusal is no read.
   */
  async get(principal: Principal, organisationId: string, pathwayId: string, purpose: string): Promise<CourtCaseView> {
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.cases.load(manager, organisationId, pathwayId);
      if (!stored || stored.state.status === 'new') throw new CourtCaseNotFound();
      await this.accessLog.record(principal, [{ pathwayId, resource: 'court-case' }], purpose, manager);
      return stored.state;
    });
  }

  /**
   * Every case of the caller's organisation (`organisationId`) that a referral
   * opened, open or closed: first those with a referral still to answer, then
   * the most recently changed. Every pathway listed is recorded in the access
   * log (one row per pathway, resource `court-case`) in the reading transaction.
   */
  async list(principal: Principal, organisationId: string, purpose: string): Promise<CourtCaseView[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const cases = await this.cases.list(manager, organisationId);
      await this.accessLog.record(
        principal,
        cases.map((c) => ({ pathwayId: c.pathwayId, resource: 'court-case' })),
        purpose,
        manager,
      );
      const waiting = (c: CourtCaseState) => c.referrals.some((r) => r.status === 'received');
      return [...cases.filter(waiting), ...cases.filter((c) => !waiting(c))];
    });
  }
}
