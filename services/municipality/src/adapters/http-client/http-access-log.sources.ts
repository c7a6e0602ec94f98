import type { AccessLogRecord } from '@ketenpad/platform';
import { PURPOSE_HEADER } from '@ketenpad/platform';
import { correlation, CORRELATION_HEADER, type JsonLogger } from '@ketenpad/runtime';
import {
  AccessLogSources,
  type AccessLogSourceAnswer,
  type CallerCredentials,
} from '../../application/access-log-sources.port';
import type { AccessLogSourcesConfig } from './access-log-sources.config';

/**
 * Asks each configured service for its access log of a pathway over HTTP, with
 * the caller's own bearer token (so each service applies its own rules to the
 * same principal) and the stated purpose. A 404 in the platform's error shape
 * means the service never held the pathway (or not for this caller): no rows.
 * A 404 for the route itself (a service without the endpoint, or a proxy's
 * page), and anything else that is not a well-formed 200 within the timeout,
 * makes the service `unavailable`: the answer is incomplete, never silently empty.
 */
export class HttpAccessLogSources extends AccessLogSources {
  private readonly urls: ReadonlyMap<string, string>;

  constructor(
    private readonly config: AccessLogSourcesConfig,
    private readonly logger: JsonLogger,
  ) {
    super();
    this.urls = new Map(config.sources.map((s) => [s.service, s.baseUrl]));
  }

  services(): readonly string[] {
    return [...this.urls.keys()];
  }

  async rowsOf(service: string, pathwayId: string, caller: CallerCredentials): Promise<AccessLogSourceAnswer> {
    const baseUrl = this.urls.get(service);
    if (baseUrl === undefined) return this.unavailable(service, 'not configured');
    const correlationId = correlation.current();
    try {
      const response = await fetch(`${baseUrl}/api/v1/pathways/${encodeURIComponent(pathwayId)}/access-log`, {
        headers: {
          authorization: caller.authorization,
          accept: 'application/json',
          [PURPOSE_HEADER]: caller.purpose,
          ...(correlationId !== undefined ? { [CORRELATION_HEADER]: correlationId } : {}),
        },
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (response.status === 404) {
        return (await isUnknownPathway(response))
          ? { kind: 'rows', rows: [] }
          : this.unavailable(service, 'has no access-log endpoint');
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        return this.unavailable(service, `answered ${response.status}`);
      }
      const rows = rowsIn(await response.json());
      return rows ? { kind: 'rows', rows } : this.unavailable(service, 'answered no access-log rows');
    } catch (error) {
      return this.unavailable(service, timedOut(error) ? 'timed out' : 'unreachable');
    }
  }

  private unavailable(service: string, reason: string): AccessLogSourceAnswer {
    this.logger.warn('access log of another service could not be read; the answer is incomplete', { service, reason });
    return { kind: 'unavailable', reason };
  }
}

/**
 * Whether a 404 is the access-log endpoint's own "unknown pathway" answer: the
 * platform's error shape, and not the framework's "Cannot GET …" for a route
 * the service does not have.
 */
async function isUnknownPathway(response: Response): Promise<boolean> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!isObject(body) || body['statusCode'] !== 404 || typeof body['message'] !== 'string') return false;
  return !body['message'].startsWith('Cannot GET ');
}

/** The rows of a service's answer (`{ rows: [...] }`), or undefined when it is not one. */
function rowsIn(body: unknown): AccessLogRecord[] | undefined {
  const rows: unknown = isObject(body) ? body['rows'] : undefined;
  if (!Array.isArray(rows)) return undefined;
  const records: AccessLogRecord[] = [];
  for (const row of rows) {
    const record = recordOf(row);
    if (!record) return undefined;
    records.push(record);
  }
  return records;
}

function recordOf(row: unknown): AccessLogRecord | undefined {
  if (!isObject(row)) return undefined;
  const text = (key: string): string | undefined => (typeof row[key] === 'string' ? row[key] : undefined);
  const texts = (key: string): string[] | undefined => {
    const value = row[key];
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  };
  const id = typeof row['id'] === 'number' ? String(row['id']) : text('id');
  const occurredAt = text('occurredAt');
  const [pathwayId, subject, organisationId, organisationKind, resource, purpose] = [
    text('pathwayId'),
    text('subject'),
    text('organisationId'),
    text('organisationKind'),
    text('resource'),
    text('purpose'),
  ];
  const roles = texts('roles');
  const classifications = texts('classifications') ?? [];
  const correlationId = text('correlationId') ?? null;
  if (
    id === undefined ||
    occurredAt === undefined ||
    Number.isNaN(Date.parse(occurredAt)) ||
    pathwayId === undefined ||
    subject === undefined ||
    organisationId === undefined ||
    organisationKind === undefined ||
    resource === undefined ||
    purpose === undefined ||
    roles === undefined
  ) {
    return undefined;
  }
  // Normalised, so rows of every service sort on one clock format.
  return {
    id,
    occurredAt: new Date(occurredAt).toISOString(),
    pathwayId,
    subject,
    organisationId,
    organisationKind,
    roles,
    resource,
    classifications,
    purpose,
    correlationId,
  };
}

function timedOut(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
