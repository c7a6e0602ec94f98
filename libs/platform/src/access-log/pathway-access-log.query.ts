import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { readAccess, type Reader } from '@ketenpad/privacy';
import type { Clock } from '@ketenpad/runtime';
import type { AccessLog, AccessLogRecord } from './access-log';

/** What a service knows of a pathway's responsibility and merges, to answer its access log. */
export interface PathwayResponsibility {
  /** The municipality responsible for the pathway, or null when the service does not know one. */
  responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null>;
  /** The pathway itself and every pathway merged into it. */
  pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]>;
}

/** One service's part of the answer to a resident's "who looked at my file?". */
export interface PathwayAccessLogView<TService extends string = string> {
  readonly pathwayId: string;
  readonly service: TService;
  /** Every recorded read of the pathway (and of pathways merged into it) at this service, oldest first. */
  readonly rows: AccessLogRecord[];
}

export interface PathwayAccessLogQueryOptions<TService extends string> {
  readonly service: TService;
  readonly dataSource: DataSource;
  readonly pathways: PathwayResponsibility;
  readonly accessLog: AccessLog;
  readonly clock: Clock;
  /** The service's own "unknown pathway" error (its HTTP adapter maps it to 404). */
  readonly notFound: () => Error;
}

/**
 * Reads a service's access log of a pathway for its responsible municipality.
 * Who that is, is decided by the one need-to-know policy (`readAccess`); only
 * the municipality reason counts here, because the log names the readers and
 * answers the resident's request, which the municipality handles (a coordinator
 * reads pathways, not who read them). Anyone else learns nothing: not found.
 */
export class PathwayAccessLogQuery<TService extends string = string> {
  constructor(private readonly options: PathwayAccessLogQueryOptions<TService>) {}

  async read(principal: Principal, pathwayId: string, purpose: string): Promise<PathwayAccessLogView<TService>> {
    const { dataSource, pathways, accessLog, clock, service } = this.options;
    const manager = dataSource.manager;
    const municipalityCode = await pathways.responsibleMunicipality(manager, pathwayId);
    // No consents take part in this decision, so the calendar day of `today` does not matter.
    const today = clock.now().toISOString().slice(0, 10);
    const access = readAccess({ municipalityCode, participants: [], consents: [] }, readerOf(principal), today);
    if (!access.visible || access.reason !== 'responsible municipality') throw this.options.notFound();
    // Reading who read is itself a read of the pathway; logged before it is served.
    await accessLog.record(principal, [{ pathwayId, resource: 'access-log' }], purpose);
    const rows = await accessLog.forPathways(await pathways.pathwayWithMerged(manager, pathwayId));
    return { pathwayId, service, rows };
  }
}

function readerOf(principal: Principal): Reader {
  const { kind, id, municipalityCode } = principal.organisation;
  return municipalityCode === undefined ? { kind, id } : { kind, id, municipalityCode };
}
