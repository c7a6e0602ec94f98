import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startMunicipality, type MunicipalityUnderTest } from './municipality.harness';
import { randomBsn } from './resident.fixture';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SOCIAL_WORK = 'urn:nld:ketenpad:social-work:SW-AMS';

/**
 * Referrals through the counsellor's HTTP API on a real PostgreSQL database
 * (issue 13): a referral made on the municipality's own system and entered
 * later carries the moment it was made into `referral-made`, within bounds.
 */
describe('municipality referrals entered later', () => {
  let municipality: MunicipalityUnderTest;
  let baseUrl: string;
  let counsellor: string;
  let db: Client;

  beforeAll(async () => {
    municipality = await startMunicipality('municipality_referral');
    ({ baseUrl, db } = municipality);
    counsellor = await (await DevIssuer.open()).issueFor('GM0363', ['counsellor']);
  });

  afterAll(() => municipality?.stop());

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${counsellor}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // JSON answers are read loosely on the test side (parse returns `any`).
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const outboxCount = async (): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n);
  /** The referral-made events of a pathway as written to the outbox: the moment it was made and when it was published. */
  const referralsMade = async (pathwayId: string): Promise<Array<{ at: string; time: string }>> => {
    const { rows } = await db.query<{ payload: Buffer }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = 'nl.ketenpad.municipality.referral-made.v1' ORDER BY seq`,
      [pathwayId],
    );
    return rows.map((r) => {
      const event = JSON.parse(r.payload.toString('utf8')) as { time: string; data: { at: string } };
      return { at: event.data.at, time: event.time };
    });
  };
  /** A help request made `daysAgo` days ago; its pathway id. */
  const helpRequested = async (daysAgo: number): Promise<{ pathwayId: string; requestedAt: string }> => {
    const requestedAt = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    const opened = await api('POST', '/api/v1/pathways', { bsn: randomBsn(), channel: 'balie', requestedAt });
    expect(opened.status).toBe(201);
    return { pathwayId: opened.body.pathwayId as string, requestedAt };
  };
  const refer = (pathwayId: string, madeAt?: string | null) =>
    api('POST', `/api/v1/pathways/${pathwayId}/referrals`, {
      referralId: randomUUID(),
      toOrg: SOCIAL_WORK,
      reason: 'stabilisation',
      urgent: false,
      warm: true,
      ...(madeAt !== undefined ? { madeAt } : {}),
    });

  it('publishes a referral made earlier on the municipality’s own system at that moment, and one made now (madeAt omitted or null) at now', async () => {
    // given a help request of ten days ago
    const { pathwayId } = await helpRequested(10);
    const madeAt = new Date(Date.now() - 3 * DAY_MS).toISOString();
    const before = Date.now();
    // when the counsellor enters the referral made three days ago, and makes another one now
    const backDated = await refer(pathwayId, madeAt);
    const now = [await refer(pathwayId), await refer(pathwayId, null)];
    // then
    expect([backDated.status, ...now.map((r) => r.status)]).toEqual([201, 201, 201]);
    const [first, ...atNow] = await referralsMade(pathwayId);
    expect(first!.at).toBe(madeAt);
    expect(Date.parse(first!.time)).toBeGreaterThanOrEqual(before);
    for (const made of atNow) {
      expect(Date.parse(made.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(made.at)).toBeLessThanOrEqual(Date.now());
    }
    expect(atNow).toHaveLength(2);
  });

  it('refuses a madeAt in the future, more than a year back or before the help request, and writes nothing', async () => {
    // given a help request of ten days ago
    const { pathwayId, requestedAt } = await helpRequested(10);
    const before = await outboxCount();
    // when
    const badRequests = [
      await refer(pathwayId, new Date(Date.now() + 10 * 60_000).toISOString()),
      await refer(pathwayId, new Date(Date.now() - 367 * DAY_MS).toISOString()),
      await refer(pathwayId, '1000-01-01T00:00:00Z'),
      await refer(pathwayId, 'last week'),
    ];
    const beforeRequest = await refer(pathwayId, new Date(Date.parse(requestedAt) - HOUR_MS).toISOString());
    // then 400 naming the field
    expect(badRequests.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    for (const res of badRequests) expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field: 'madeAt' }] });
    expect(badRequests.slice(0, 3).map((r) => r.body.errors[0].messages)).toEqual([
      ['madeAt cannot be in the future'],
      ['madeAt cannot be more than a year back'],
      ['madeAt cannot be before 2000-01-01'],
    ]);
    // and 409 with the rule for a referral before the help request
    expect(beforeRequest.status).toBe(409);
    expect(beforeRequest.body.message).toBe('the referral cannot be made before the help request');
    // and nothing was written
    expect(await outboxCount()).toBe(before);
    expect(await referralsMade(pathwayId)).toEqual([]);
    // and the pathway takes a referral dated at its help request
    expect((await refer(pathwayId, requestedAt)).status).toBe(201);
    expect((await referralsMade(pathwayId)).map((r) => r.at)).toEqual([requestedAt]);
  });
});
