import { DevIssuer } from '@ketenpad/auth';
import { startDevBroker, type DevBrokerHandle } from '@ketenpad/dev-broker';
import { createTestDatabase, type TestDatabase } from '@ketenpad/testing';
import { Client } from 'pg';
import { ServiceProcess } from '../../support/service.process';

export type FaultService = 'municipality' | 'timeline';

export interface FaultStack {
  /** This test file's own dev broker: its history and its injected faults concern nobody else. */
  readonly broker: DevBrokerHandle;
  readonly process: Partial<Record<FaultService, ServiceProcess>>;
  readonly db: Partial<Record<FaultService, TestDatabase>>;
  /** Consumer group and inbox consumer name of the timeline projection. */
  readonly projectionConsumer: string;
  token(orgId: string, roles: Parameters<DevIssuer['issueFor']>[1]): Promise<string>;
  /** Runs one query on a service's database from outside the service. */
  query<T>(service: FaultService, sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * The services a fault test needs, each its own OS process started from its
 * build (so it can be SIGKILLed), on its own database, against a dev broker
 * started for this test file alone. A fresh broker means the timeline reads
 * only this test's events, and a broker taken down hurts no neighbour.
 */
export async function startFaultStack(
  services: readonly FaultService[],
  env: Partial<Record<FaultService, NodeJS.ProcessEnv>> = {},
): Promise<FaultStack> {
  const broker = await startDevBroker();
  const generation = `faults-${Date.now()}`;
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db: FaultStack['db'] = {};
  const processes: FaultStack['process'] = {};
  const clients = new Map<FaultService, Client>();
  const issuer = await DevIssuer.open();
  try {
    for (const name of services) db[name] = await createTestDatabase(`faults_${name}`);
    for (const name of services) {
      processes[name] = await ServiceProcess.start(name, {
        DATABASE_URL: serverUrl,
        DATABASE_NAME: db[name]!.name,
        KAFKA_BROKERS: broker.bootstrap,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        // info: kafkajs reports every group join, which is how rebalances are counted.
        LOG_LEVEL: 'info',
        TIMELINE_PROJECTION_GENERATION: generation,
        ...env[name],
      });
    }
  } catch (error) {
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    await Promise.all(Object.values(db).map((d) => d.drop()));
    await broker.stop();
    throw error;
  }
  const clientOf = async (service: FaultService): Promise<Client> => {
    let client = clients.get(service);
    if (!client) {
      client = new Client({ connectionString: db[service]!.url });
      // A terminated or restarted server must not crash the test process; the next query reconnects.
      client.on('error', () => clients.delete(service));
      await client.connect();
      clients.set(service, client);
    }
    return client;
  };
  return {
    broker,
    process: processes,
    db,
    projectionConsumer: `timeline.projection.g${generation}`,
    token: (orgId, roles) => issuer.issueFor(orgId, roles),
    query: async <T>(service: FaultService, sql: string, params: unknown[] = []) => {
      const client = await clientOf(service);
      try {
        return (await client.query(sql, params)).rows as T[];
      } catch (error) {
        clients.delete(service);
        await client.end().catch(() => undefined);
        throw error;
      }
    },
    stop: async () => {
      await Promise.all([...clients.values()].map((c) => c.end().catch(() => undefined)));
      await Promise.all(Object.values(processes).map((p) => p.stop()));
      await Promise.all(Object.values(db).map((d) => d.drop()));
      await broker.stop();
    },
  };
}

/** Sum of a Prometheus counter or gauge of a running service, over the series whose labels match. */
export async function metricValue(
  service: ServiceProcess,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Counts the consumer group joins kafkajs reports in a service's log (one per
 * rebalance the service took part in). The process keeps only the tail of its
 * output, so the log is sampled and joins are remembered by their line.
 */
export class GroupJoinCounter {
  private readonly seen = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly service: ServiceProcess) {
    this.timer = setInterval(() => this.sample(), 250);
  }

  get joins(): number {
    this.sample();
    return this.seen.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    // The tail starts inside a line that scrolled out: that cut line differs at every
    // sample and would count an old join again. Whole log lines are JSON objects.
    for (const line of this.service.logs().split('\n'))
      if (line.startsWith('{') && line.includes('Consumer has joined the group')) this.seen.add(line);
  }
}
