import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { optionalText } from '../config.schema';
import { problem } from './error-response';
import { sendProblem } from './error.filter';

/** Why `/metrics` is not served to a caller: the status and message to answer with. */
export interface MetricsRefusal {
  status: 401 | 404;
  message: string;
  /** `WWW-Authenticate` value to send with a 401. */
  challenge?: string;
}

/**
 * The one rule for every process's `/metrics` (services and portal): with a
 * scrape token only a caller presenting it (`Authorization: Bearer`, compared in
 * constant time) gets metrics; without one they are open outside production and
 * not served at all in production. Undefined when the caller may have them.
 */
export function metricsRefusal(
  authorization: string | undefined,
  token: string | undefined,
  production: boolean,
): MetricsRefusal | undefined {
  if (token === undefined)
    return production ? { status: 404, message: 'metrics are served only to a scraper with METRICS_TOKEN' } : undefined;
  if (presents(authorization, token)) return undefined;
  return {
    status: 401,
    message: 'metrics need the scrape token (Authorization: Bearer)',
    challenge: 'Bearer realm="metrics"',
  };
}

/**
 * Answers a `/metrics` request, for the services and the portal alike: the
 * registry's metrics to a caller {@link metricsRefusal} lets through, else its
 * 401 (with the challenge) or 404 as a problem.
 */
export async function serveMetrics(
  req: Request,
  res: Response,
  registry: Registry,
  access: { token: string | undefined; production: boolean },
): Promise<void> {
  const refusal = metricsRefusal(req.headers.authorization, access.token, access.production);
  if (refusal) {
    if (refusal.challenge) res.setHeader('WWW-Authenticate', refusal.challenge);
    sendProblem(res, problem(refusal.status, refusal.message, { instance: req.path }));
    return;
  }
  res.setHeader('Content-Type', registry.contentType);
  res.send(await registry.metrics());
}

/** `METRICS_TOKEN` (or `_FILE`): unset, or a random scrape secret of at least 32 characters. */
export function metricsTokenSetting() {
  return optionalText().refine(
    (token) => token === undefined || token.length >= 32,
    'must be at least 32 characters (a random scrape secret)',
  );
}

/** Whether the header is `Bearer <token>`, compared in constant time. */
function presents(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
