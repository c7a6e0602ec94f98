import { ConfigError, SERVICE_PORTS } from '@ketenpad/runtime';

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
 * `ACCESS_LOG_SOURCE_TIMEOUT_MS`. Outside production a missing list means the
 * local ports of `npm start` (each honouring its `<SERVICE>_PORT`); in
 * production the list is required, since a wrong default would silently leave
 * services out of the answer to the resident.
 */
export function loadAccessLogSources(env: NodeJS.ProcessEnv = process.env): AccessLogSourcesConfig {
  const raw = env['ACCESS_LOG_SOURCES']?.trim();
  let sources: AccessLogSource[];
  if (raw) sources = parseSources(raw);
  else if (env['NODE_ENV'] === 'production') {
    throw new ConfigError('ACCESS_LOG_SOURCES is required in production (comma-separated service=url)');
  } else sources = CHAIN_SERVICES.map((service) => ({ service, baseUrl: localUrlOf(service, env) }));
  return { sources, timeoutMs: timeoutOf(env['ACCESS_LOG_SOURCE_TIMEOUT_MS']) };
}

function parseSources(raw: string): AccessLogSource[] {
  const sources = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const separator = entry.indexOf('=');
      const service = entry.slice(0, separator).trim();
      const url = entry.slice(separator + 1).trim();
      if (separator < 1 || !SERVICE_NAME.test(service)) {
        throw new ConfigError(`ACCESS_LOG_SOURCES: "${entry}" is not service=url with a lower-case service name`);
      }
      if (service === 'municipality')
        throw new ConfigError('ACCESS_LOG_SOURCES: the municipality reads its own log directly');
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new ConfigError(`ACCESS_LOG_SOURCES: the url of ${service} is not a URL`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ConfigError(`ACCESS_LOG_SOURCES: the url of ${service} must be http or https`);
      }
      return { service, baseUrl: parsed.href.replace(/\/+$/, '') };
    });
  const seen = new Set<string>();
  for (const { service } of sources) {
    if (seen.has(service)) throw new ConfigError(`ACCESS_LOG_SOURCES names ${service} twice`);
    seen.add(service);
  }
  return sources;
}

function localUrlOf(service: (typeof CHAIN_SERVICES)[number], env: NodeJS.ProcessEnv): string {
  const port = env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`]?.trim() || String(SERVICE_PORTS[service]);
  return `http://127.0.0.1:${port}`;
}

function timeoutOf(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100 || value > 60_000) {
    throw new ConfigError('ACCESS_LOG_SOURCE_TIMEOUT_MS must be a whole number of milliseconds between 100 and 60000');
  }
  return value;
}
