import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DevIssuer, type Role } from '@ketenpad/auth';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { publishMunicipalityEvent, query, startTimeline } from './timeline.harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

/** One open server-sent-event stream, collecting the `pathway-changed` signals it receives. */
class LiveStream {
  readonly signals: Array<{ pathwayId: string; at: string; receivedAt: number }> = [];
  private readonly abort = new AbortController();
  status = 0;

  static async open(url: string, bearer: string): Promise<LiveStream> {
    const stream = new LiveStream();
    const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` }, signal: stream.abort.signal });
    stream.status = response.status;
    if (response.ok && response.body) void stream.read(response.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!message.split('\n').includes('event: pathway-changed')) continue;
          const data = message
            .split('\n')
            .find((line) => line.startsWith('data: '))!
            .slice(6);
          this.signals.push({ ...(JSON.parse(data) as { pathwayId: string; at: string }), receivedAt: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/**
 * The two reads the portal's counsellor screens stand on, with the projection
 * fed from the dev broker and the read model on a real PostgreSQL database:
 * the live stream of changes per reader and the paged caseload, both decided
 * by the chain's need-to-know policy.
 */
describe('timeline live stream and caseload', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let issuer: DevIssuer;
  const kafka = new Kafka({ clientId: 'timeline.live-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const generation = `live-${Date.now()}`;
  const token = (orgId: string, roles: Role[]) => issuer.issueFor(orgId, roles);
  const calendar = WorkingDayCalendar.netherlands();
  const today = LocalDate.fromInstant(new Date());
  const streams: LiveStream[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('timeline_live');
    app = await startTimeline(db, generation);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    issuer = await DevIssuer.open();
    await producer.connect();
  }, 90_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await producer.disconnect();
    await app?.close();
    await db?.drop();
  });

  const open = async (bearer: string, pathwayId?: string): Promise<LiveStream> => {
    const stream = await LiveStream.open(`${url}/api/v1/stream${pathwayId ? `?pathwayId=${pathwayId}` : ''}`, bearer);
    streams.push(stream);
    return stream;
  };
  const helpRequested = (pathwayId: string, due: LocalDate, crisis: 'eviction' | null = null) =>
    publishMunicipalityEvent(producer, 'nl.ketenpad.municipality.help-requested.v1', pathwayId, {
      channel: 'balie',
      requestedAt: new Date().toISOString(),
      crisis: crisis ? { type: crisis } : null,
      firstConversationDue: due.toString(),
      municipalityCode: 'GM0363',
    });
  const summaries = async (ids: readonly string[]): Promise<number> =>
    Number(
      (
        await query<{ n: string }>(
          db.url,
          'SELECT count(*) AS n FROM pathway_summary WHERE pathway_id = ANY($1::uuid[])',
          [ids],
        )
      )[0]!.n,
    );
  const get = async (path: string, bearer: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it("signals a pathway's change within a second to the readers who may see it, and to no one else", async () => {
    // given Amsterdam's counsellor, Utrecht's counsellor and a GP listening
    const amsterdam = await open(await token('GM0363', ['counsellor']));
    const utrecht = await open(await token('GM0344', ['counsellor']));
    const gp = await open(await token('HA-0001', ['gp']));
    expect([amsterdam.status, utrecht.status, gp.status]).toEqual([200, 200, 200]);
    const pathwayId = randomUUID();

    // when Amsterdam registers a help request (an event only the municipality and coordinators may read)
    const published = Date.now();
    await helpRequested(pathwayId, calendar.addWorkingDays(today, 10));

    // then Amsterdam hears of it within a second of the projection, the others not at all
    await waitFor(async () => amsterdam.signals.some((s) => s.pathwayId === pathwayId) || undefined, {
      timeoutMs: 15_000,
      description: "Amsterdam's signal",
    });
    const signal = amsterdam.signals.find((s) => s.pathwayId === pathwayId)!;
    expect(signal.receivedAt - new Date(signal.at).getTime()).toBeLessThan(1_000);
    expect(signal.receivedAt - published).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(utrecht.signals.filter((s) => s.pathwayId === pathwayId)).toEqual([]);
    expect(gp.signals.filter((s) => s.pathwayId === pathwayId)).toEqual([]);
    // and the signal carries nothing but the pathway and the moment
    expect(Object.keys(signal).sort()).toEqual(['at', 'pathwayId', 'receivedAt']);
  });

  it('narrows a stream to one pathway, and refuses a malformed pathway id and a missing token', async () => {
    // given a stream on one pathway
    const counsellor = await token('GM0363', ['counsellor']);
    const watched = randomUUID();
    const other = randomUUID();
    const stream = await open(counsellor, watched);

    // when both pathways change
    await helpRequested(other, calendar.addWorkingDays(today, 10));
    await helpRequested(watched, calendar.addWorkingDays(today, 10));

    // then only the watched one is signalled
    await waitFor(async () => stream.signals.some((s) => s.pathwayId === watched) || undefined, {
      timeoutMs: 15_000,
      description: 'the watched pathway signalled',
    });
    expect(stream.signals.map((s) => s.pathwayId)).toEqual([watched]);
    expect((await LiveStream.open(`${url}/api/v1/stream?pathwayId=not-a-uuid`, counsellor)).status).toBe(400);
    expect((await fetch(`${url}/api/v1/stream`)).status).toBe(401);
  });

  it("lists a municipality's open pathways with their working days left, filters overdue ones, pages, hides them from another municipality and logs only the page served", async () => {
    // given three Amsterdam pathways: overdue, due in 2 working days (crisis), due in 15 working days
    const overdue = randomUUID();
    const soon = randomUUID();
    const later = randomUUID();
    const dues = [
      calendar.addWorkingDays(today, -2),
      calendar.addWorkingDays(today, 2),
      calendar.addWorkingDays(today, 15),
    ];
    await helpRequested(overdue, dues[0]!);
    await helpRequested(soon, dues[1]!, 'eviction');
    await helpRequested(later, dues[2]!);
    await waitFor(async () => (await summaries([overdue, soon, later])) === 3 || undefined, {
      timeoutMs: 30_000,
      description: 'the pathways projected',
    });
    const counsellor = await token('GM0363', ['counsellor']);
    const ours = [overdue, soon, later];

    // when the counsellor lists everything, then the overdue ones, then pages of one
    const all = await get('/pathways?pageSize=100', counsellor);
    const overdueOnly = await get('/pathways?deadline=overdue&pageSize=100', counsellor);
    const dueSoon = await get('/pathways?deadline=due-soon&pageSize=100', counsellor);
    const firstPage = await get('/pathways?pageSize=1&page=1', counsellor);

    // then
    expect(all.status).toBe(200);
    const listed = (all.body.items as Json[]).filter((i) => ours.includes(i.pathwayId));
    expect(listed.map((i) => i.pathwayId)).toEqual([overdue, soon, later]);
    // counted as the Algemene termijnenwet counts (on a weekend, two working days back is one working day ago)
    expect(listed.map((i) => i.workingDaysLeft)).toEqual(dues.map((due) => calendar.workingDaysBetween(today, due)));
    expect(listed[0].workingDaysLeft).toBeLessThan(0);
    expect(listed.find((i) => i.pathwayId === overdue).flags).toEqual([
      expect.objectContaining({ kind: 'first-conversation-overdue' }),
    ]);
    expect((overdueOnly.body.items as Json[]).map((i) => i.pathwayId)).toContain(overdue);
    expect((overdueOnly.body.items as Json[]).map((i) => i.pathwayId)).not.toContain(soon);
    expect((dueSoon.body.items as Json[]).map((i) => i.pathwayId)).toEqual(expect.arrayContaining([soon]));
    expect((dueSoon.body.items as Json[]).map((i) => i.pathwayId)).not.toContain(later);
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.total).toBe(all.body.total);

    // and Utrecht sees none of them; a coordinator sees them all
    const utrecht = await get('/pathways?pageSize=100', await token('GM0344', ['counsellor']));
    expect((utrecht.body.items as Json[]).filter((i) => ours.includes(i.pathwayId))).toEqual([]);
    const coordinator = await get('/pathways?municipality=GM0363&pageSize=100', await token('KR-001', ['coordinator']));
    expect((coordinator.body.items as Json[]).filter((i) => ours.includes(i.pathwayId))).toHaveLength(3);

    // and the page of one logged exactly one caseload read more than the full list for its pathway
    const logged = await query<{ pathway_id: string; n: string }>(
      db.url,
      "SELECT pathway_id, count(*) AS n FROM access_log WHERE resource = 'pathway-list' AND pathway_id = ANY($1::uuid[]) GROUP BY pathway_id",
      [ours],
    );
    const reads = Object.fromEntries(logged.map((r) => [r.pathway_id, Number(r.n)]));
    const firstId = (firstPage.body.items as Json[])[0].pathwayId as string;
    for (const id of ours) expect(reads[id]).toBeGreaterThanOrEqual(firstId === id ? 4 : 2);
  });

  it('answers 400 with a message per field for a bad caseload query', async () => {
    const counsellor = await token('GM0363', ['counsellor']);
    const { status, body } = await get('/pathways?deadline=tomorrow&pageSize=1000&flag=nope', counsellor);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('deadline must be overdue or due-soon');
    expect(JSON.stringify(body)).toContain('pageSize must be at most 100');
    expect(JSON.stringify(body)).toContain('flag must be one of');
  });
});
