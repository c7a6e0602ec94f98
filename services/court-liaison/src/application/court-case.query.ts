import type { DataSource } from 'typeorm';
import type { CourtCaseState } from '../domain/court-case/court-case.state';
import { CourtCaseNotFound } from './application.errors';
import type { CourtCaseStore } from './court-case-store.port';

/** The court liaison's own view of its case for a pathway. */
export type CourtCaseView = CourtCaseState;

/** Reads for the court liaison's own staff. */
export class CourtCaseQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CourtCaseStore,
  ) {}

  /** The case; CourtCaseNotFound when the organisation has none for the pathway. */
  async get(organisationId: string, pathwayId: string): Promise<CourtCaseView> {
    const stored = await this.cases.load(this.dataSource.manager, organisationId, pathwayId);
    if (!stored || stored.state.status === 'new') throw new CourtCaseNotFound();
    return stored.state;
  }
}
