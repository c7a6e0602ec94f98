import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DevIssuer, type Role } from '@ketenpad/auth';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { publishMunicipalityEvent, query, startTimeline } from './timeline.harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

/**
 * The caseload tests' municipality: one of this run only. Every timeline spec
 * projects the whole shared topic into its own database (and an external broker
 * keeps earlier runs' events), so totals and the earliest deadline are only
 * stable for a municipality nobody else publishes for. Not in the organisation
 * directory, so its tokens name their kind.
 */
const CASELOAD_MUNICIPALITY = `GM9${randomInt(100, 1000)}`;

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
    else await response.body?.cancel();
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
  const token = (orgId: string, roles: Role[]) =>
    issuer.issueFor(orgId, roles, orgId === CASELOAD_MUNICIPALITY ? { kind: 'municipality' } : {});
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
  const helpRequested = (
    pathwayId: string,
    due: LocalDate,
    { crisis = null, municipality = 'GM0363' }: { crisis?: 'eviction' | null; municipality?: string } = {},
  ) =>
    publishMunicipalityEvent(
      producer,
      'nl.ketenpad.municipality.help-requested.v1',
      pathwayId,
      {
        channel: 'balie',
        requestedAt: new Date().toISOString(),
        crisis: crisis ? { type: crisis } : null,
        firstConversationDue: due.toString(),
        municipalityCode: municipality,
      },
      `urn:nld:ketenpad:municipality:${municipality}`,
    );
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

    // then Amsterdam hears of it within a second of the publication, the others not at all
    await waitFor(async () => amsterdam.signals.some((s) => s.pathwayId === pathwayId) || undefined, {
      timeoutMs: 15_000,
      description: "Amsterdam's signal",
    });
    const signal = amsterdam.signals.find((s) => s.pathwayId === pathwayId)!;
    expect(signal.receivedAt - published).toBeLessThan(1_000);
    expect(signal.receivedAt - new Date(signal.at).getTime()).toBeLessThan(1_000);
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

  it('refuses a sixth concurrent stream of one user with 429, and frees the place when a stream is closed', async () => {
    // given one counsellor with five streams open
    const bearer = await issuer.issueFor('GM0363', ['counsellor'], { subject: `many-tabs-${randomUUID()}` });
    const five = await Promise.all(Array.from({ length: 5 }, () => open(bearer)));
    expect(five.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);

    // when a sixth is opened, and then one of the five is closed
    const sixth = await open(bearer);
    five[0]!.close();

    // then the sixth was refused, and once the server saw the disconnect a new one is accepted
    expect(sixth.status).toBe(429);
    await waitFor(async () => ((await open(bearer)).status === 200 ? true : undefined), {
      timeoutMs: 5_000,
      description: 'a stream accepted after one closed',
    });
  });

  it("lists a municipality's open pathways with their working days left, filters overdue ones, pages, hides them from another municipality and logs only the page served", async () => {
    // given three pathways of the caseload municipality: overdue, due in 2 working days (crisis), due in 15 working days
    const overdue = randomUUID();
    const soon = randomUUID();
    const later = randomUUID();
    const dues = [
      calendar.addWorkingDays(today, -2),
      calendar.addWorkingDays(today, 2),
      calendar.addWorkingDays(today, 15),
    ];
    await helpRequested(overdue, dues[0]!, { municipality: CASELOAD_MUNICIPALITY });
    await helpRequested(soon, dues[1]!, { crisis: 'eviction', municipality: CASELOAD_MUNICIPALITY });
    await helpRequested(later, dues[2]!, { municipality: CASELOAD_MUNICIPALITY });
    await waitFor(async () => (await summaries([overdue, soon, later])) === 3 || undefined, {
      timeoutMs: 30_000,
      description: 'the pathways projected',
    });
    const counsellor = await token(CASELOAD_MUNICIPALITY, ['counsellor']);
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
    const coordinator = await get(
      `/pathways?municipality=${CASELOAD_MUNICIPALITY}&pageSize=100`,
      await token('KR-001', ['coordinator']),
    );
    expect((coordinator.body.items as Json[]).filter((i) => ours.includes(i.pathwayId))).toHaveLength(3);

    // and each list logged one read per pathway it returned, and nothing for the pathways it did not
    // (the full list, the coordinator's list and the page of one returned all three or the earliest;
    // the overdue and due-soon lists one each; Utrecht's none)
    const logged = await query<{ pathway_id: string; organisation_id: string; n: string }>(
      db.url,
      "SELECT pathway_id, organisation_id, count(*) AS n FROM access_log WHERE resource = 'pathway-list' AND pathway_id = ANY($1::uuid[]) GROUP BY pathway_id, organisation_id",
      [ours],
    );
    const reads = Object.fromEntries(logged.map((r) => [`${r.pathway_id}/${r.organisation_id}`, Number(r.n)]));
    expect((firstPage.body.items as Json[])[0].pathwayId).toBe(overdue);
    expect(reads).toEqual({
      [`${overdue}/${CASELOAD_MUNICIPALITY}`]: 3,
      [`${soon}/${CASELOAD_MUNICIPALITY}`]: 2,
      [`${later}/${CASELOAD_MUNICIPALITY}`]: 1,
      [`${overdue}/KR-001`]: 1,
      [`${soon}/KR-001`]: 1,
      [`${later}/KR-001`]: 1,
    });
  });

  it('leaves a merged pathway out of the caseload unless asked, and filters by flag and sorts by start', async () => {
    // given an overdue pathway, and one that was merged into it
    const into = randomUUID();
    const merged = randomUUID();
    await helpRequested(into, calendar.addWorkingDays(today, -3), { municipality: CASELOAD_MUNICIPALITY });
    await helpRequested(merged, calendar.addWorkingDays(today, 5), { municipality: CASELOAD_MUNICIPALITY });
    await publishMunicipalityEvent(
      producer,
      'nl.ketenpad.municipality.pathway-merged.v1',
      merged,
      { intoPathwayId: into, referralId: randomUUID(), at: new Date().toISOString() },
      `urn:nld:ketenpad:municipality:${CASELOAD_MUNICIPALITY}`,
    );
    await waitFor(
      async () =>
        (
          await query<{ n: string }>(
            db.url,
            "SELECT count(*) AS n FROM pathway_summary WHERE pathway_id = $1 AND state->>'mergedInto' = $2",
            [merged, into],
          )
        )[0]!.n === '1' || undefined,
      { timeoutMs: 30_000, description: 'the merge projected' },
    );
    const counsellor = await token(CASELOAD_MUNICIPALITY, ['counsellor']);
    const ids = (body: Json): string[] => (body.items as Json[]).map((i) => i.pathwayId as string);

    // when the counsellor lists all pathways, then with the merged ones, then by flag, then newest first
    const all = await get('/pathways?status=all&pageSize=100', counsellor);
    const withMerged = await get('/pathways?status=all&includeMerged=true&pageSize=100', counsellor);
    const overdueFlag = await get('/pathways?flag=first-conversation-overdue&pageSize=100', counsellor);
    const newestFirst = await get('/pathways?status=all&sort=started&order=desc&pageSize=100', counsellor);

    // then the merged pathway is no case of its own, but can be asked for, naming the pathway it went into
    expect(ids(all.body)).toContain(into);
    expect(ids(all.body)).not.toContain(merged);
    expect((withMerged.body.items as Json[]).find((i) => i.pathwayId === merged)).toEqual(
      expect.objectContaining({ mergedInto: into, workingDaysLeft: null }),
    );
    expect(withMerged.body.total).toBe(all.body.total + 1);
    // and the flag filter keeps only pathways with that flag
    expect(ids(overdueFlag.body)).toContain(into);
    for (const item of overdueFlag.body.items as Json[])
      expect(item.flags).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'first-conversation-overdue' })]),
      );
    // and sorting by start date descending puts the newest first
    const started = (newestFirst.body.items as Json[]).map((i) => i.startedAt as string);
    expect(started).toEqual([...started].sort().reverse());
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
