import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { correlation } from '@ketenpad/runtime';

/** One thing read about one pathway. */
export interface PathwayRead {
  /** The pathway read (pseudonymous UUID). */
  readonly pathwayId: string;
  /** What was read, e.g. `timeline`, `summary`, `notification:<eventId>`, `pathway`. Never personal data. */
  readonly resource: string;
  /** Event classifications the reader was shown, when the read is of events. */
  readonly classifications?: readonly string[];
}

/** One row of the access log, as answered to "who looked at my file?". */
export interface AccessLogRecord {
  readonly id: string;
  /** When the read happened (ISO 8601, UTC). */
  readonly occurredAt: string;
  readonly pathwayId: string;
  /** The reader's `sub`: an opaque user id of the identity provider. */
  readonly subject: string;
  readonly organisationId: string;
  readonly organisationKind: string;
  readonly roles: readonly string[];
  readonly resource: string;
  readonly classifications: readonly string[];
  /** Stated purpose (`x-ketenpad-purpose` header, or the endpoint's default). */
  readonly purpose: string;
  readonly correlationId: string | null;
}

/** Header in which a caller states the purpose of a read (NEN 7513: "reden van toegang"). */
export const PURPOSE_HEADER = 'x-ketenpad-purpose';

const PURPOSE = /^[a-z][a-z0-9-]{1,63}$/;

const COLUMNS = 9;
const MAX_ROWS_PER_INSERT = 5_000;

/**
 * The purpose a request states for reading pathway data, or the endpoint's
 * default. Only short codes are taken (`budget-coaching`, `ketenregie`), so the
 * log never stores free text that could hold personal data.
 */
export function purposeOf(
  request: { headers: Record<string, string | string[] | undefined> },
  fallback: string,
): string {
  const stated = request.headers[PURPOSE_HEADER];
  const value = Array.isArray(stated) ? stated[0] : stated;
  return value !== undefined && PURPOSE.test(value) ? value : fallback;
}

interface AccessLogRow {
  id: string;
  occurred_at: Date;
  pathway_id: string;
  subject: string;
  organisation_id: string;
  organisation_kind: string;
  roles: string[];
  resource: string;
  classifications: string[];
  purpose: string;
  correlation_id: string | null;
}

/**
 * Writes and answers the access log of a service's database (DESIGN.md privacy
 * rule 4). Record a read in the transaction that reads, when there is one, so a
 * read that is served is a read that is logged.
 */
@Injectable()
export class AccessLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    principal: Principal,
    reads: readonly PathwayRead[],
    purpose: string,
    manager?: EntityManager,
  ): Promise<void> {
    const runner = manager ?? this.dataSource.manager;
    // PostgreSQL takes at most 65,535 bind parameters per statement: an export of
    // thousands of pathways is written in several statements.
    for (let start = 0; start < reads.length; start += MAX_ROWS_PER_INSERT) {
      await this.insert(runner, principal, reads.slice(start, start + MAX_ROWS_PER_INSERT), purpose);
    }
  }

  private async insert(
    runner: EntityManager,
    principal: Principal,
    reads: readonly PathwayRead[],
    purpose: string,
  ): Promise<void> {
    const values: unknown[] = [];
    const rows = reads.map((read, index) => {
      const base = index * COLUMNS;
      values.push(
        read.pathwayId,
        principal.subject,
        principal.organisation.id,
        principal.organisation.kind,
        principal.roles,
        read.resource,
        [...(read.classifications ?? [])],
        purpose,
        correlation.current() ?? null,
      );
      return `(${Array.from({ length: COLUMNS }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await runner.query(
      `INSERT INTO access_log (pathway_id, subject, organisation_id, organisation_kind, roles, resource, classifications, purpose, correlation_id)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** Every recorded read of one pathway, oldest first. */
  async forPathway(pathwayId: string, manager?: EntityManager): Promise<AccessLogRecord[]> {
    return this.forPathways([pathwayId], manager);
  }

  /** Every recorded read of any of the pathways (e.g. one and those merged into it), oldest first. */
  async forPathways(pathwayIds: readonly string[], manager?: EntityManager): Promise<AccessLogRecord[]> {
    const rows: AccessLogRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, occurred_at, pathway_id, subject, organisation_id, organisation_kind, roles, resource, classifications, purpose, correlation_id
         FROM access_log WHERE pathway_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
      [pathwayIds],
    );
    return rows.map((row) => ({
      id: String(row.id),
      occurredAt: row.occurred_at.toISOString(),
      pathwayId: row.pathway_id,
      subject: row.subject,
      organisationId: row.organisation_id,
      organisationKind: row.organisation_kind,
      roles: row.roles,
      resource: row.resource,
      classifications: row.classifications,
      purpose: row.purpose,
      correlationId: row.correlation_id,
    }));
  }
}
