import type { INestApplication } from '@nestjs/common';
import { DevIssuer, type Role } from '@ketenpad/auth';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from '../../services/municipality/src/app.module';
import { timelineAppModule, timelineInbox, TIMELINE_API } from '../../services/timeline/src/app.module';

export interface RunningStack {
  municipalityUrl: string;
  timelineUrl: string;
  municipalityDb: TestDatabase;
  timelineDb: TestDatabase;
  token(orgId: string, roles: Role[]): Promise<string>;
  /** Stops both services (as a deployment would) and starts them again on the same databases, optionally with a new timeline projection generation. */
  restart(options?: { timelineGeneration?: string }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The platform as the end-to-end tests run it: the real municipality and
 * timeline applications (the same `startService` as their main.ts), each on
 * its own fresh PostgreSQL database, against the shared dev broker.
 */
export async function startStack(options: { timelineGeneration?: string } = {}): Promise<RunningStack> {
  const municipalityDb = await createTestDatabase('e2e_municipality');
  const timelineDb = await createTestDatabase('e2e_timeline');
  const issuer = await DevIssuer.open();
  let generation = options.timelineGeneration ?? `e2e-${Date.now()}`;
  let apps: INestApplication[] = [];

  const boot = async (): Promise<void> => {
    const config = { kafkaBrokers: kafkaBrokers() };
    const municipality = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({ config: { ...config, databaseUrl: municipalityDb.url }, databaseName: municipalityDb.name }),
      inbox: municipalityInbox(),
      port: 0,
    });
    const timeline = await startService({
      ...TIMELINE_API,
      rootModule: timelineAppModule({ config: { ...config, databaseUrl: timelineDb.url }, databaseName: timelineDb.name, generation }),
      inbox: timelineInbox(generation),
      port: 0,
    });
    apps = [municipality, timeline];
  };
  await boot();

  const stack: RunningStack = {
    municipalityUrl: '',
    timelineUrl: '',
    municipalityDb,
    timelineDb,
    token: (orgId, roles) => issuer.issueFor(orgId, roles),
    restart: async (restartOptions = {}) => {
      await Promise.all(apps.map((a) => a.close()));
      generation = restartOptions.timelineGeneration ?? generation;
      await boot();
      await urls();
    },
    stop: async () => {
      await Promise.all(apps.map((a) => a.close()));
      await Promise.all([municipalityDb.drop(), timelineDb.drop()]);
    },
  };
  const urls = async (): Promise<void> => {
    stack.municipalityUrl = (await apps[0]!.getUrl()).replace('[::1]', '127.0.0.1');
    stack.timelineUrl = (await apps[1]!.getUrl()).replace('[::1]', '127.0.0.1');
  };
  await urls();
  return stack;
}

export async function api(method: 'GET' | 'POST', url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A further timeline instance on its own database, projecting from offset zero under its own consumer generation. */
export async function startTimeline(database: TestDatabase, generation: string): Promise<INestApplication> {
  return startService({
    ...TIMELINE_API,
    rootModule: timelineAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url }, databaseName: database.name, generation }),
    inbox: timelineInbox(generation),
    port: 0,
  });
}
