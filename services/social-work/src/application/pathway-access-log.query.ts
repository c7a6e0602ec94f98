import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { LocalDate } from '@ketenpad/calendar';
import type { AccessLog, AccessLogRecord } from '@ketenpad/platform';
import { readAccess, type Reader } from '@ketenpad/privacy';
import type { Clock } from '@ketenpad/runtime';
import { PathwayNotFound } from './application.errors';
import type { PathwayPrivacyStore } from './pathway-privacy.port';

/** Social work's part of the answer to a resident's "who looked at my file?". */
export interface PathwayAccessLogView {
  readonly pathwayId: string;
  readonly service: 'social-work';
  /** Every recorded read of the pathway (and of pathways merged into it) at social work, oldest first. */
  readonly rows: AccessLogRecord[];
}

/**
 * Reads social work's access log of a pathway for its responsible municipality.
 * Who that is, is decided by the one need-to-know policy (`readAccess`); only
 * the municipality reason counts here, because the log names the readers and
 * answers the resident's request, which the municipality handles (a coordinator
 * reads pathways, not who read them). Anyone else learns nothing: 404.
 */
export class PathwayAccessLogQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PathwayPrivacyStore,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
  ) {}

  async read(principal: Principal, pathwayId: string, purpose: string): Promise<PathwayAccessLogView> {
    const manager = this.dataSource.manager;
    const municipalityCode = await this.store.responsibleMunicipality(manager, pathwayId);
    const access = readAccess(
      { municipalityCode, participants: [], consents: [] },
      readerOf(principal),
      LocalDate.fromInstant(this.clock.now()).toString(),
    );
    if (!access.visible || access.reason !== 'responsible municipality') throw new PathwayNotFound();
    // Reading who read is itself a read of the pathway; logged before it is served.
    await this.accessLog.record(principal, [{ pathwayId, resource: 'access-log' }], purpose);
    const pathways = await this.store.pathwayWithMerged(manager, pathwayId);
    const rows = (await Promise.all(pathways.map((id) => this.accessLog.forPathway(id)))).flat();
    rows.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
    return { pathwayId, service: 'social-work', rows };
  }
}

function readerOf(principal: Principal): Reader {
  const { kind, id, municipalityCode } = principal.organisation;
  return municipalityCode === undefined ? { kind, id } : { kind, id, municipalityCode };
}
