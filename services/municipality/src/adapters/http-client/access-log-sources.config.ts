import { z } from 'zod';
import { optionalText, readSettings, SERVICE_PORTS, wholeNumber, type RunMode } from '@ketenpad/runtime';

/** One service whose access log the municipality asks, and where. */
export interface AccessLogSource {
  /** Service name as it appears in the answer, e.g. `social-work`. */
  readonly service: string;
  /** Base URL; the access log is at `<baseUrl>/api/v1/pathways/:id/access-log`. */
  readonly baseUrl: string;
}

export interface AccessLogSourcesConfig {
  readonly sources: readonly AccessLogSource[];
  /** How long one service may take before it counts as unreachable. */
  readonly timeoutMs: number;
}

/** The services besides the municipality that keep an access log of pathway reads. */
const CHAIN_SERVICES = ['social-work', 'court-liaison', 'gp', 'timeline', 'partner-gateway'] as const;
const SERVICE_NAME = /^[a-z][a-z0-9-]{1,40}$/;
const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * Reads `ACCESS_LOG_SOURCES` (comma-separated `service=url`) and
 * `ACCESS_LOG_SOURCE_TIMEOUT_MS`, every problem reported at once. Outside
 * production a missing list means the local ports of `npm start` (each
 * honouring its `<SERVICE>_PORT`); in production the list is required, since a
 * wrong default would silently leave services out of the answer to the resident.
 */
export function loadAccessLogSources(env: NodeJS.ProcessEnv = process.env): AccessLogSourcesConfig {
  const { settings } = readSettings(env, (mode) =>
    z.object({
      ACCESS_LOG_SOURCES: optionalText().transform((raw, ctx) =>
        raw === undefined ? defaultSources(mode, env, ctx) : parseSources(raw, ctx),
      ),
      ACCESS_LOG_SOURCE_TIMEOUT_MS: wholeNumber({
        fallback: DEFAULT_TIMEOUT_MS,
        min: 100,
        max: 60_000,
        message: 'must be a whole number of milliseconds between 100 and 60000',
      }),
    }),
  );
  return { sources: settings.ACCESS_LOG_SOURCES, timeoutMs: settings.ACCESS_LOG_SOURCE_TIMEOUT_MS };
}

function defaultSources(mode: RunMode, env: NodeJS.ProcessEnv, ctx: z.RefinementCtx): AccessLogSource[] {
  if (mode === 'production')
    ctx.addIssue({ code: 'custom', message: 'is required in production (comma-separated service=url)' });
  return CHAIN_SERVICES.map((service) => ({ service, baseUrl: localUrlOf(service, env) }));
}

/** Every entry is checked, so one attempt lists every malformed one. */
function parseSources(raw: string, ctx: z.RefinementCtx): AccessLogSource[] {
  const problem = (message: string): undefined => {
    ctx.addIssue({ code: 'custom', message });
    return undefined;
  };
  const sources = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry): AccessLogSource | undefined => {
      const separator = entry.indexOf('=');
      const service = entry.slice(0, separator).trim();
      const url = entry.slice(separator + 1).trim();
      if (separator < 1 || !SERVICE_NAME.test(service))
        return problem(`holds "${entry}", which is not service=url with a lower-case service name`);
      if (service === 'municipality') return problem('names the municipality, which reads its own log directly');
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return problem(`gives ${service} a url that is not a URL`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return problem(`gives ${service} a url that is not http or https`);
      return { service, baseUrl: parsed.href.replace(/\/+$/, '') };
    })
    .filter((source) => source !== undefined);
  const seen = new Set<string>();
  for (const { service } of sources) {
    if (seen.has(service)) problem(`names ${service} twice`);
    seen.add(service);
  }
  return sources;
}

function localUrlOf(service: (typeof CHAIN_SERVICES)[number], env: NodeJS.ProcessEnv): string {
  const port = env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`]?.trim() || String(SERVICE_PORTS[service]);
  return `http://127.0.0.1:${port}`;
}
