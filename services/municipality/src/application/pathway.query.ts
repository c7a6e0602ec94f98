import type { DataSource } from 'typeorm';
import type { PathwayListItem, PathwayStore } from './pathway-store.port';
import type { PathwayState } from '../domain/pathway/pathway.state';
import type { ResidentContact } from '../domain/resident/resident';
import { PathwayNotFound } from './application.errors';

/** The municipality's own view of a pathway. */
export interface PathwayView extends PathwayState {
  /** The resident as far as the counsellor needs it; null after erasure. */
  readonly resident: { readonly bsn: string; readonly contact: ResidentContact } | null;
}

/** Reads for the municipality's own counsellors. */
export class PathwayQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PathwayStore,
  ) {}

  /** The municipality's pathways for the counsellor's work list, optionally of one status. */
  async list(municipalityCode: string, filter: { status?: PathwayState['status']; limit: number }): Promise<PathwayListItem[]> {
    return this.repository.list(this.dataSource.manager, municipalityCode, filter);
  }

  /** The pathway with the BSN masked (`*****2333`); PathwayNotFound outside the caller's municipality. */
  async get(municipalityCode: string, pathwayId: string): Promise<PathwayView> {
    const manager = this.dataSource.manager;
    const stored = await this.repository.load(manager, municipalityCode, pathwayId);
    if (!stored) throw new PathwayNotFound();
    const resident = await this.repository.loadResident(manager, pathwayId);
    return {
      ...stored.state,
      resident: resident ? { bsn: resident.bsn.masked(), contact: resident.contact } : null,
    };
  }
}
