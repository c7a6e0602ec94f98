import type { INestApplication } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, MUNICIPALITY_API } from '../src/app.module';

interface LoggedRead {
  pathway_id: string;
  subject: string;
  organisation_id: string;
  resource: string;
  purpose: string;
}

/** What a stand-in service was asked. */
interface Asked {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback HTTP server standing in for another service's access-log endpoint (a process edge). */
async function standIn(
  answer: (pathwayId: string, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; url: string; asked: Asked[] }> {
  const asked: Asked[] = [];
  const server = createServer((req, res) => {
    asked.push({ url: req.url ?? '', headers: req.headers });
    const pathwayId = /^\/api\/v1\/pathways\/([^/]+)\/access-log$/.exec(req.url ?? '')?.[1] ?? '';
    answer(pathwayId, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

/** A port nothing listens on: the service behind it is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Access logging at the municipality on a real PostgreSQL database: every read
 * of pathway data leaves a row, and the chain-wide "who looked at my file?"
 * asks the other services (loopback stand-ins) with the caller's own token.
 */
describe('municipality access log', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let db: Client;
  let counsellor: string;
  let admin: string;
  let utrechtCounsellor: string;
  let socialWorker: string;
  let socialWork: Awaited<ReturnType<typeof standIn>>;
  let courtLiaison: Awaited<ReturnType<typeof standIn>>;
  let timeline: Awaited<ReturnType<typeof standIn>>;
  const SOCIAL_WORK_READ_AT = '2025-01-02T08:00:00.000Z';

  beforeAll(async () => {
    database = await createTestDatabase('municipality_access_log');
    // social work holds one read of every pathway; the court liaison never held any (404);
    // the timeline is too slow; the GP is down.
    socialWork = await standIn((pathwayId, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          pathwayId,
          service: 'social-work',
          rows: [
            {
              id: '7',
              occurredAt: SOCIAL_WORK_READ_AT,
              pathwayId,
              subject: 'sw-user-1',
              organisationId: 'SW-AMS',
              organisationKind: 'social-work',
              roles: ['social-worker'],
              resource: 'referral',
              classifications: [],
              purpose: 'referral-intake',
              correlationId: null,
            },
          ],
        }),
      );
    });
    courtLiaison = await standIn((_id, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Pathway not found' }));
    });
    timeline = await standIn(() => undefined);
    process.env['ACCESS_LOG_SOURCES'] = [
      `social-work=${socialWork.url}`,
      `court-liaison=${courtLiaison.url}`,
      `gp=http://127.0.0.1:${await closedPort()}`,
      `timeline=${timeline.url}`,
    ].join(',');
    process.env['ACCESS_LOG_SOURCE_TIMEOUT_MS'] = '500';
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
        databaseName: database.name,
      }),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    admin = await issuer.issueFor('GM0363', ['admin']);
    utrechtCounsellor = await issuer.issueFor('GM0344', ['counsellor']);
    socialWorker = await issuer.issueFor('SW-AMS', ['social-worker']);
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    delete process.env['ACCESS_LOG_SOURCES'];
    delete process.env['ACCESS_LOG_SOURCE_TIMEOUT_MS'];
    await db?.end();
    await app?.close();
    for (const stand of [socialWork, courtLiaison, timeline]) {
      stand?.server.closeAllConnections();
      await new Promise<void>((resolve) => (stand ? stand.server.close(() => resolve()) : resolve()));
    }
    await database?.drop();
  });

  const api = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const registerHelpRequest = async (requestedAt: string, crisis: { type: string } | null = null): Promise<string> => {
    const res = await api('POST', '/api/v1/pathways', counsellor, {
      bsn: randomBsn(),
      channel: 'balie',
      requestedAt,
      crisis,
    });
    expect(res.status).toBe(201);
    return res.body.pathwayId as string;
  };

  const readsOf = async (pathwayId: string): Promise<LoggedRead[]> =>
    (
      await db.query<LoggedRead>(
        'SELECT pathway_id, subject, organisation_id, resource, purpose FROM access_log WHERE pathway_id = $1 ORDER BY id',
        [pathwayId],
      )
    ).rows;

  it('logs a read of one pathway with the endpoint default purpose, and the purpose a request states', async () => {
    // given
    const pathwayId = await registerHelpRequest('2025-03-03T09:00:00Z');
    // when
    expect((await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor)).status).toBe(200);
    expect(
      (
        await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor, undefined, {
          'x-ketenpad-purpose': 'budget-coaching',
        })
      ).status,
    ).toBe(200);
    // then
    expect(await readsOf(pathwayId)).toEqual([
      expect.objectContaining({ resource: 'pathway', purpose: 'debt-assistance', organisation_id: 'GM0363' }),
      expect.objectContaining({ resource: 'pathway', purpose: 'budget-coaching', organisation_id: 'GM0363' }),
    ]);
  });

  it('logs nothing for a read that is refused', async () => {
    // given
    const pathwayId = await registerHelpRequest('2025-03-03T09:00:00Z');
    // when another municipality asks
    expect((await api('GET', `/api/v1/pathways/${pathwayId}`, utrechtCounsellor)).status).toBe(404);
    // then
    expect(await readsOf(pathwayId)).toEqual([]);
  });

  it('logs one row per pathway the work list returns', async () => {
    // given two pathways of a municipality no other test uses, and one of Amsterdam
    const zaanstad = await (await DevIssuer.open()).issueFor('GM0599', ['counsellor']);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await api('POST', '/api/v1/pathways', zaanstad, { bsn: randomBsn(), channel: 'balie', crisis: null });
      ids.push(res.body.pathwayId as string);
    }
    const amsterdam = await registerHelpRequest('2025-03-03T09:00:00Z');
    // when
    const list = await api('GET', '/api/v1/pathways', zaanstad);
    // then
    expect(list.body.map((p: { pathwayId: string }) => p.pathwayId).sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(await readsOf(id)).toEqual([
        expect.objectContaining({ resource: 'pathway-list', organisation_id: 'GM0599' }),
      ]);
    expect(await readsOf(amsterdam)).toEqual([]);
  });

  it('logs one row per pathway in each DDAS delivery, with the purpose ddas-statistics', async () => {
    // given a help request in 2023 and an early signal in 2023, in a period no other test uses
    const requested = await registerHelpRequest('2023-05-02T09:00:00Z');
    const signal = await api('POST', '/api/v1/early-signals', counsellor, {
      bsn: randomBsn(),
      signalPartnerType: 'Huur',
      arrearsCents: 40_000,
      arrearsSince: '2023-03-01',
      signalledAt: '2023-05-03',
      crisis: null,
      warmHandover: false,
    });
    expect(signal.status).toBe(201);
    const signalled = signal.body.pathwayId as string;
    // when
    const shv = await api('GET', '/api/v1/exports/ddas?from=2023-01-01&to=2023-12-31', counsellor);
    const vs = await api('GET', '/api/v1/exports/ddas/early-signals?from=2023-01-01&to=2023-12-31', counsellor);
    // then
    expect([shv.status, vs.status]).toEqual([200, 200]);
    expect(shv.body.leveringen[0].schuldhulptrajecten).toHaveLength(1);
    expect(await readsOf(requested)).toEqual([
      expect.objectContaining({ resource: 'ddas-export', purpose: 'ddas-statistics' }),
    ]);
    expect(await readsOf(signalled)).toEqual([
      expect.objectContaining({ resource: 'ddas-early-signal-export', purpose: 'ddas-statistics' }),
    ]);
  });

  it("answers the chain's access log sorted by time, asking every service with the caller's token", async () => {
    // given a pathway read by the counsellor
    const pathwayId = await registerHelpRequest('2025-03-03T09:00:00Z');
    await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor);
    socialWork.asked.length = 0;
    // when the privacy officer answers the resident's question
    const res = await api('GET', `/api/v1/pathways/${pathwayId}/access-log`, admin);
    // then the rows of the municipality and social work come sorted by time, each with its service
    expect(res.status).toBe(200);
    expect(res.body.pathwayId).toBe(pathwayId);
    expect(res.body.rows.map((r: { service: string; resource: string }) => `${r.service}/${r.resource}`)).toEqual([
      'social-work/referral',
      'municipality/pathway',
      'municipality/access-log',
    ]);
    expect(res.body.rows[0]).toMatchObject({ occurredAt: SOCIAL_WORK_READ_AT, organisationId: 'SW-AMS', pathwayId });
    // and the GP (down) and the timeline (too slow) are named; the court liaison never held the pathway
    expect([...res.body.incomplete].sort()).toEqual(['gp', 'timeline']);
    // and social work was asked with the caller's own token and purpose
    expect(socialWork.asked).toEqual([
      expect.objectContaining({
        url: `/api/v1/pathways/${pathwayId}/access-log`,
        headers: expect.objectContaining({
          authorization: `Bearer ${admin}`,
          'x-ketenpad-purpose': 'resident-request',
        }),
      }),
    ]);
    // and reading the log is itself on the log
    expect(await readsOf(pathwayId)).toContainEqual(
      expect.objectContaining({ resource: 'access-log', purpose: 'resident-request' }),
    );
  });

  it('answers incomplete rather than failing when a service answers nonsense or lacks the endpoint', async () => {
    // given a pathway, a social work stand-in that answers 500, and a partner gateway without the route
    const pathwayId = await registerHelpRequest('2025-03-03T09:00:00Z');
    const broken = await standIn((_id, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    const withoutRoute = await standIn((_id, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/pathways/x/access-log' }),
      );
    });
    const previous = process.env['ACCESS_LOG_SOURCES'];
    try {
      // a service reads its sources at start: start a second municipality on the same database
      process.env['ACCESS_LOG_SOURCES'] = `social-work=${broken.url},partner-gateway=${withoutRoute.url}`;
      const second = await startService({
        ...MUNICIPALITY_API,
        rootModule: municipalityAppModule({
          config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
          databaseName: database.name,
        }),
        port: 0,
      });
      try {
        // when
        const url = (await second.getUrl()).replace('[::1]', '127.0.0.1');
        const res = await fetch(`${url}/api/v1/pathways/${pathwayId}/access-log`, {
          headers: { authorization: `Bearer ${counsellor}` },
        });
        // then
        expect(res.status).toBe(200);
        const body = (await res.json()) as { incomplete: string[]; rows: Array<{ service: string }> };
        expect([...body.incomplete].sort()).toEqual(['partner-gateway', 'social-work']);
        expect(body.rows.map((r) => r.service)).toEqual(['municipality']);
      } finally {
        await second.close();
      }
    } finally {
      process.env['ACCESS_LOG_SOURCES'] = previous;
      for (const stand of [broken, withoutRoute])
        await new Promise<void>((resolve) => stand.server.close(() => resolve()));
    }
  });

  it('shows the access log to no one but the responsible municipality', async () => {
    // given
    const pathwayId = await registerHelpRequest('2025-03-03T09:00:00Z');
    // then
    expect((await api('GET', `/api/v1/pathways/${pathwayId}/access-log`, utrechtCounsellor)).status).toBe(404);
    expect((await api('GET', `/api/v1/pathways/${randomUUID()}/access-log`, counsellor)).status).toBe(404);
    expect((await api('GET', `/api/v1/pathways/${pathwayId}/access-log`, socialWorker)).status).toBe(403);
    expect((await api('GET', `/api/v1/pathways/not-a-uuid/access-log`, counsellor)).status).toBe(400);
    expect((await readsOf(pathwayId)).map((r) => r.resource)).toEqual([]);
  });
});
