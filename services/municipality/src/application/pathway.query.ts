import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import type { AccessLog } from '@ketenpad/platform';
import type { PathwayListItem, PathwayStore } from './pathway-store.port';
import type { Bsn } from '../domain/bsn';
import type { PathwayState } from '../domain/pathway/pathway.state';
import type { ResidentContact } from '../domain/resident/resident';
import { PathwayNotFound } from './application.errors';
import { recordReads } from './pathway-reads.access-log';

/** The municipality's own view of a pathway. */
export interface PathwayView extends PathwayState {
  /** The resident as far as the counsellor needs it; null after erasure. */
  readonly resident: { readonly bsn: string; readonly contact: ResidentContact } | null;
}

/** Who reads and why: every read is written to the access log before it is served. */
export interface PathwayReader {
  readonly principal: Principal;
  /** Stated purpose (`x-ketenpad-purpose`) or the endpoint's default. */
  readonly purpose: string;
}

/** Reads for the municipality's own counsellors; each one access-logged (NEN 7513). */
export class PathwayQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PathwayStore,
    private readonly accessLog: Pick<AccessLog, 'record'>,
  ) {}

  /** The municipality's pathways for the counsellor's work list; one access-log row per pathway listed. */
  async list(
    reader: PathwayReader,
    municipalityCode: string,
    filter: { status?: PathwayState['status']; limit: number },
  ): Promise<PathwayListItem[]> {
    const items = await this.repository.list(this.dataSource.manager, municipalityCode, filter);
    await recordReads(
      this.accessLog,
      reader,
      items.map((item) => ({ pathwayId: item.pathwayId, resource: 'pathway-list' })),
    );
    return items;
  }

  /** The municipality's pathways of one resident, found by BSN through the blind index; each one found is access-logged. */
  async findByResident(reader: PathwayReader, municipalityCode: string, bsn: Bsn): Promise<PathwayListItem[]> {
    const items = await this.repository.findByResident(this.dataSource.manager, municipalityCode, bsn);
    await recordReads(
      this.accessLog,
      reader,
      items.map((item) => ({ pathwayId: item.pathwayId, resource: 'pathway-search' })),
    );
    return items;
  }

  /** The pathway with the BSN masked (`*****2333`); PathwayNotFound outside the caller's municipality. */
  async get(reader: PathwayReader, municipalityCode: string, pathwayId: string): Promise<PathwayView> {
    const manager = this.dataSource.manager;
    const stored = await this.repository.load(manager, municipalityCode, pathwayId);
    if (!stored) throw new PathwayNotFound();
    const resident = await this.repository.loadResident(manager, pathwayId);
    // Logged before it is served: a read that reaches the caller is a read on record.
    await this.accessLog.record(reader.principal, [{ pathwayId, resource: 'pathway' }], reader.purpose);
    return {
      ...stored.state,
      resident: resident ? { bsn: resident.bsn.masked(), contact: resident.contact } : null,
    };
  }
}
