import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DevIssuer, type Role } from '@ketenpad/auth';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { publishMunicipalityEvent, query, startTimeline } from './timeline.harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

interface LoggedRead {
  pathwayId: string;
  subject: string;
  organisationId: string;
  roles: string[];
  resource: string;
  purpose: string;
}

/**
 * The timeline's part of a resident's "who looked at my file?" on a real
 * PostgreSQL database, with the pathways projected from municipality events
 * on the dev broker: only the responsible municipality reads it, it includes
 * the reads of a pathway merged into the one asked about, and reading it is
 * itself logged.
 */
describe('timeline access log of a pathway', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let issuer: DevIssuer;
  const kafka = new Kafka({ clientId: 'timeline.int-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const generation = `access-log-${Date.now()}`;
  const tag = randomUUID().slice(0, 8);
  const subject = (who: string) => `int-${tag}-${who}`;
  const token = (orgId: string, roles: Role[], who: string) => issuer.issueFor(orgId, roles, { subject: subject(who) });

  // given P, P2 that Amsterdam merges into P, P4 that it merges into P2, and an unrelated pathway P3, all of Amsterdam
  const pathway = randomUUID();
  const merged = randomUUID();
  const mergedEarlier = randomUUID();
  const unrelated = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('timeline_access_log');
    app = await startTimeline(db, generation);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    issuer = await DevIssuer.open();
    await producer.connect();
    for (const id of [pathway, merged, mergedEarlier, unrelated])
      await publish('nl.ketenpad.municipality.help-requested.v1', id, {
        channel: 'balie',
        requestedAt: '2026-03-02T09:00:00.000Z',
        crisis: null,
        firstConversationDue: '2026-03-30',
        municipalityCode: 'GM0363',
      });
    await waitFor(async () => (await summaries([pathway, merged, mergedEarlier, unrelated])) === 4 || undefined, {
      timeoutMs: 30_000,
      description: 'the four pathways projected',
    });
  }, 90_000);

  afterAll(async () => {
    await producer.disconnect();
    await app?.close();
    await db?.drop();
  });

  const publish = <T extends keyof KetenpadEventDataMap>(type: T, pathwayId: string, data: KetenpadEventDataMap[T]) =>
    publishMunicipalityEvent(producer, type, pathwayId, data);
  const sql = <T>(text: string, params: unknown[] = []) => query<T>(db.url, text, params);

  /** How many of these pathways have a summary (read from the database, so the wait itself reads no pathway). */
  const summaries = async (ids: readonly string[]): Promise<number> =>
    Number(
      (
        await sql<{ n: string }>('SELECT count(*) AS n FROM pathway_summary WHERE pathway_id = ANY($1::uuid[])', [ids])
      )[0]!.n,
    );

  const read = async (path: string, bearer: string, purpose?: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${bearer}`, ...(purpose ? { 'x-ketenpad-purpose': purpose } : {}) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const accessLogReads = async (pathwayId: string): Promise<number> =>
    Number(
      (
        await sql<{ n: string }>(
          "SELECT count(*) AS n FROM access_log WHERE pathway_id = $1 AND resource = 'access-log'",
          [pathwayId],
        )
      )[0]!.n,
    );

  it("lists the reads of the pathway and of those merged into it (also through another merge), oldest first, for the responsible municipality's counsellor, and logs that read", async () => {
    // given a coordinator reading P's timeline, a counsellor reading the summaries of P2 and P4, and the coordinator P3's timeline
    const coordinator = await token('KR-001', ['coordinator'], 'coordinator');
    const counsellor = await token('GM0363', ['counsellor'], 'counsellor');
    expect((await read(`/pathways/${pathway}/timeline`, coordinator, 'ketenregie')).status).toBe(200);
    expect((await read(`/pathways/${merged}`, counsellor, 'intake-review')).status).toBe(200);
    expect((await read(`/pathways/${mergedEarlier}`, counsellor, 'intake-review')).status).toBe(200);
    expect((await read(`/pathways/${unrelated}/timeline`, coordinator, 'ketenregie')).status).toBe(200);
    // and P4 merged into P2, then P2 into P
    const merges: Array<[string, string]> = [
      [mergedEarlier, merged],
      [merged, pathway],
    ];
    for (const [from, into] of merges)
      await publish('nl.ketenpad.municipality.pathway-merged.v1', from, {
        intoPathwayId: into,
        referralId: randomUUID(),
        at: '2026-03-09T09:00:00.000Z',
      });
    await waitFor(
      async () => {
        const rows = await sql<{ merge: string }>(
          `SELECT pathway_id || '>' || (state->>'mergedInto') AS merge FROM pathway_summary WHERE state->>'mergedInto' IS NOT NULL`,
        );
        return merges.every(([from, into]) => rows.some((r) => r.merge === `${from}>${into}`)) || undefined;
      },
      { timeoutMs: 30_000, description: 'the merges projected' },
    );

    // when the counsellor asks the timeline who read P, for the resident
    const answer = await read(`/pathways/${pathway}/access-log`, counsellor, 'resident-question');

    // then the reads of P, P2 and P4 are listed, with who, organisation, role, what and why, and the question itself last
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ pathwayId: pathway, service: 'timeline' });
    const rows = answer.body.rows as Array<LoggedRead & { occurredAt: string; organisationKind: string }>;
    expect(rows.map((r) => r.occurredAt)).toEqual(rows.map((r) => r.occurredAt).sort());
    expect(
      rows.map(({ pathwayId, subject: who, organisationId, roles, resource, purpose }) => ({
        pathwayId,
        subject: who,
        organisationId,
        roles,
        resource,
        purpose,
      })),
    ).toEqual([
      {
        pathwayId: pathway,
        subject: subject('coordinator'),
        organisationId: 'KR-001',
        roles: ['coordinator'],
        resource: 'timeline',
        purpose: 'ketenregie',
      },
      {
        pathwayId: merged,
        subject: subject('counsellor'),
        organisationId: 'GM0363',
        roles: ['counsellor'],
        resource: 'summary',
        purpose: 'intake-review',
      },
      {
        pathwayId: mergedEarlier,
        subject: subject('counsellor'),
        organisationId: 'GM0363',
        roles: ['counsellor'],
        resource: 'summary',
        purpose: 'intake-review',
      },
      {
        pathwayId: pathway,
        subject: subject('counsellor'),
        organisationId: 'GM0363',
        roles: ['counsellor'],
        resource: 'access-log',
        purpose: 'resident-question',
      },
    ]);
    // and the unrelated pathway's read is not among them, while it is in the log
    expect(rows.some((r) => r.pathwayId === unrelated)).toBe(false);
    expect(
      await sql('SELECT 1 FROM access_log WHERE pathway_id = $1 AND resource = $2', [unrelated, 'timeline']),
    ).toHaveLength(1);
    expect(await accessLogReads(pathway)).toBe(1);
  });

  it('answers 404 to another municipality and for a pathway the timeline never saw, 403 to other roles (a coordinator included), and logs none of them', async () => {
    // given a counsellor of Utrecht, Amsterdam's admin, a social worker and a coordinator
    const [utrecht, admin, socialWorker, coordinator] = await Promise.all([
      token('GM0344', ['counsellor'], 'utrecht'),
      token('GM0363', ['admin'], 'admin'),
      token('SW-AMS', ['social-worker'], 'social-worker'),
      token('KR-001', ['coordinator'], 'coordinator'),
    ]);
    const before = await accessLogReads(unrelated);

    // when each asks for the access log of P3 (and Amsterdam's admin also for an unknown pathway)
    const answers = [
      await read(`/pathways/${unrelated}/access-log`, utrecht),
      await read(`/pathways/${randomUUID()}/access-log`, admin),
      await read(`/pathways/${unrelated}/access-log`, socialWorker),
      await read(`/pathways/${unrelated}/access-log`, coordinator),
      await read(`/pathways/${unrelated}/access-log`, admin),
    ];

    // then another municipality learns nothing, other roles are refused, and only the admin's answered read is logged
    expect(answers.map((a) => a.status)).toEqual([404, 404, 403, 403, 200]);
    // The correlation id and the request path (`instance`, the caller's own request) differ by nature.
    const shape = (body: Json) => ({ ...body, correlationId: undefined, instance: undefined });
    expect(shape(answers[0]!.body)).toEqual(shape(answers[1]!.body));
    expect(answers[4]!.body.rows.at(-1)).toMatchObject({
      subject: subject('admin'),
      resource: 'access-log',
      purpose: 'resident-request',
    });
    expect(await accessLogReads(unrelated)).toBe(before + 1);
  });
});
