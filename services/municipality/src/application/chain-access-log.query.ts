import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { AccessLog, AccessLogRecord } from '@ketenpad/platform';
import { readAccess } from '@ketenpad/privacy';
import type { Clock } from '@ketenpad/runtime';
import { PathwayNotFound } from './application.errors';
import type { AccessLogSources, CallerCredentials } from './access-log-sources.port';
import type { PathwayStore } from './pathway-store.port';
import type { PathwayReader } from './pathway.query';

/** One read of the pathway somewhere in the chain. */
export interface ChainAccessLogRow extends AccessLogRecord {
  /** The service whose access log holds the row, e.g. `municipality`, `gp`. */
  readonly service: string;
}

/** The answer to a resident's "who looked at my file?" for the whole chain. */
export interface ChainAccessLogView {
  readonly pathwayId: string;
  /** Every recorded read, oldest first (ties: by service, then by row id). */
  readonly rows: ChainAccessLogRow[];
  /** Services that could not be asked (down, too slow, refusing): their reads are missing from `rows`. */
  readonly incomplete: string[];
}

const OWN_SERVICE = 'municipality';

/**
 * The chain-wide access log of a pathway, for its responsible municipality
 * (decided by the one need-to-know policy, `readAccess`): the municipality's
 * own rows plus those every other service answers to the caller's own token.
 * One service being down makes the answer incomplete, never an error.
 */
export class ChainAccessLogQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pathways: Pick<PathwayStore, 'load'>,
    private readonly accessLog: Pick<AccessLog, 'record' | 'forPathway'>,
    private readonly sources: AccessLogSources,
    private readonly clock: Clock,
  ) {}

  async read(
    reader: PathwayReader,
    municipalityCode: string,
    pathwayId: string,
    credentials: Omit<CallerCredentials, 'purpose'>,
  ): Promise<ChainAccessLogView> {
    const stored = await this.pathways.load(this.dataSource.manager, municipalityCode, pathwayId);
    if (!stored) throw new PathwayNotFound();
    const { kind, id } = reader.principal.organisation;
    const access = readAccess(
      { municipalityCode: stored.state.municipalityCode, participants: [], consents: [] },
      { kind, id, municipalityCode },
      LocalDate.fromInstant(this.clock.now()).toString(),
    );
    // The log names who read: only the responsible municipality answers the resident's request.
    if (!access.visible || access.reason !== 'responsible municipality') throw new PathwayNotFound();
    // Reading who read is itself a read of the pathway; on record before anything is served.
    await this.accessLog.record(reader.principal, [{ pathwayId, resource: 'access-log' }], reader.purpose);

    const caller = { ...credentials, purpose: reader.purpose };
    const [own, others] = await Promise.all([
      this.accessLog.forPathway(pathwayId),
      Promise.all(
        this.sources.services().map(async (service) => ({
          service,
          answer: await this.sources.rowsOf(service, pathwayId, caller),
        })),
      ),
    ]);
    const rows: ChainAccessLogRow[] = own.map((row) => ({ ...row, service: OWN_SERVICE }));
    const incomplete: string[] = [];
    for (const { service, answer } of others) {
      if (answer.kind === 'rows') rows.push(...answer.rows.map((row) => ({ ...row, service })));
      else incomplete.push(service);
    }
    rows.sort(
      (a, b) =>
        a.occurredAt.localeCompare(b.occurredAt) || a.service.localeCompare(b.service) || Number(a.id) - Number(b.id),
    );
    return { pathwayId, rows, incomplete };
  }
}
