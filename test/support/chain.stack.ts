import { DevIssuer, type Role } from '@ketenpad/auth';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { api } from './ketenpad.stack';
import { ServiceProcess } from './service.process';

export const CHAIN_SERVICES = ['municipality', 'social-work', 'court-liaison', 'gp', 'timeline'] as const;
/** Services a test can start besides the chain's default five. */
export type ChainService = (typeof CHAIN_SERVICES)[number] | 'partner-gateway';

export interface ChainOptions {
  /** Which services to start; default the five of {@link CHAIN_SERVICES} (the partner gateway only when asked for). */
  services?: readonly ChainService[];
  /** Extra environment for every service (e.g. the partner gateway's retry settings). */
  env?: NodeJS.ProcessEnv;
}

export const ORG = {
  amsterdam: 'urn:nld:ketenpad:municipality:GM0363',
  socialWork: 'urn:nld:ketenpad:social-work:SW-AMS',
  court: 'urn:nld:ketenpad:court-liaison:RB-AMS',
  gp: 'urn:nld:ketenpad:gp:HA-0001',
} as const;

export interface Chain {
  /** Only the started services have an entry. */
  url: Record<ChainService, string>;
  process: Record<ChainService, ServiceProcess>;
  db: Record<ChainService, TestDatabase>;
  /** A dev token; `kind` for an organisation outside the dev directory (e.g. a second partner). */
  token(orgId: string, roles: Role[], options?: { kind?: string }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole chain as it runs in production: every service its own process
 * (built output), its own PostgreSQL database, all on the shared dev broker.
 */
export async function startChain(options: ChainOptions = {}): Promise<Chain> {
  const services = options.services ?? CHAIN_SERVICES;
  const run = `${Date.now()}`;
  const db = {} as Record<ChainService, TestDatabase>;
  for (const name of services) db[name] = await createTestDatabase(`chain_${name.replace(/-/g, '_')}`);
  const processes = {} as Record<ChainService, ServiceProcess>;
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const environment = (name: ChainService): NodeJS.ProcessEnv => ({
    DATABASE_URL: serverUrl,
    DATABASE_NAME: db[name].name,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'warn',
    TIMELINE_PROJECTION_GENERATION: `chain-${run}`,
    COURT_LIAISON_SCHEDULER_INTERVAL_MS: '500',
    ...options.env,
  });
  // The municipality's chain-wide access log asks the other services over HTTP:
  // start it last, pointed at the ports they actually got.
  const others = services.filter((name) => name !== 'municipality');
  await Promise.all(
    others.map(async (name) => (processes[name] = await ServiceProcess.start(name, environment(name)))),
  );
  if (services.includes('municipality')) {
    const sources = others.map((name) => `${name}=${processes[name].url}`).join(',');
    processes.municipality = await ServiceProcess.start('municipality', {
      ...environment('municipality'),
      ...(others.length > 0 ? { ACCESS_LOG_SOURCES: sources } : {}),
    });
  }
  const issuer = await DevIssuer.open();
  const url = Object.fromEntries(services.map((n) => [n, processes[n].url])) as Record<ChainService, string>;
  return {
    url,
    process: processes,
    db,
    token: (orgId, roles, options) => issuer.issueFor(orgId, roles, options),
    stop: async () => {
      await Promise.all(services.map((n) => processes[n].stop()));
      await Promise.all(services.map((n) => db[n].drop()));
    },
  };
}

export interface TimelineView {
  pathway: Record<string, any> & { flags: Array<Record<string, string>>; referrals: Array<Record<string, any>> };
  events: Array<{ eventId: string; type: string; source: string; summary: string; data: Record<string, any> }>;
}

export const eventName = (type: string): string => type.split('.')[3] ?? type;
export const names = (t: TimelineView): string[] =>
  t.events.map((e) => `${e.source.split(':')[3]}/${eventName(e.type)}`);

/** Polls a pathway's timeline until `ready` holds; fails with the last timeline seen. */
export async function timelineWhen(
  chain: Chain,
  token: string,
  pathwayId: string,
  ready: (t: TimelineView) => boolean,
  description: string,
): Promise<TimelineView> {
  let last: unknown;
  return waitFor(
    async () => {
      const res = await api('GET', `${chain.url.timeline}/api/v1/pathways/${pathwayId}/timeline`, token);
      last = res.body;
      return res.status === 200 && ready(res.body as TimelineView) ? (res.body as TimelineView) : undefined;
    },
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: `${description} (last timeline: ${JSON.stringify(last)?.slice(0, 600)})`,
    },
  );
}

/** Asserts a 2xx answer and returns its body, with the response in the failure message. */
export async function ok(method: 'GET' | 'POST', url: string, token: string, body?: unknown): Promise<any> {
  const res = await api(method, url, token, body);
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${url} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Bearer tokens of the people acting in the chain tests. */
export interface ChainActors {
  counsellor: string;
  socialWorker: string;
  courtLiaison: string;
  gp: string;
}

export async function chainActors(chain: Chain): Promise<ChainActors> {
  const [counsellor, socialWorker, courtLiaison, gp] = await Promise.all([
    chain.token('GM0363', ['counsellor']),
    chain.token('SW-AMS', ['social-worker']),
    chain.token('RB-AMS', ['court-liaison']),
    chain.token('HA-0001', ['gp']),
  ]);
  return { counsellor, socialWorker, courtLiaison, gp };
}
