import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import type { KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from '../src/app.module';
import { BsnBlindIndex } from '../src/adapters/persistence/bsn.blind-index';
import { loadResidentCryptoKeys } from '../src/adapters/persistence/resident-crypto.config';
import { Bsn } from '../src/domain/bsn';

const OTHER_SERVICES = ['social-work', 'court-liaison', 'gp', 'timeline', 'partner-gateway'] as const;

/**
 * Erasure of a resident's personal data (AVG art. 17) at the municipality, as
 * deployed (startService with its inbox) on PostgreSQL and the dev broker: the
 * other services' answers go in through Kafka.
 */
describe('municipality erasure of personal data', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let db: Client;
  let counsellor: string;
  let admin: string;
  let utrechtAdmin: string;
  const kafka = new Kafka({
    clientId: 'municipality.erasure.int',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });

  beforeAll(async () => {
    database = await createTestDatabase('municipality_erasure');
    // No other service runs here: nobody answers the access-log fan-out.
    process.env['ACCESS_LOG_SOURCES'] = 'gp=http://127.0.0.1:9';
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
        databaseName: database.name,
      }),
      inbox: municipalityInbox(),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    admin = await issuer.issueFor('GM0363', ['admin'], { subject: 'privacy-officer-1' });
    utrechtAdmin = await issuer.issueFor('GM0344', ['admin']);
    db = new Client({ connectionString: database.url });
    await db.connect();
    await producer.connect();
  });

  afterAll(async () => {
    delete process.env['ACCESS_LOG_SOURCES'];
    await producer.disconnect();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, token: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** A resident with every kind of personal data the municipality keeps. */
  const residentWithContact = () => {
    const suffix = randomUUID().slice(0, 8);
    return {
      bsn: randomBsn(),
      contact: {
        name: `Jansen-${suffix}`,
        phone: `06${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        email: `bewoner-${suffix}@example.org`,
        address: { street: `Kastanjelaan-${suffix}`, houseNumber: '12', postalCode: '1234AB', city: 'Amsterdam' },
      },
    };
  };

  const openPathway = async (resident: ReturnType<typeof residentWithContact>): Promise<string> => {
    const res = await api('POST', '/api/v1/pathways', counsellor, {
      ...resident,
      channel: 'balie',
      requestedAt: '2025-03-03T09:00:00Z',
      crisis: null,
    });
    expect(res.status).toBe(201);
    return res.body.pathwayId as string;
  };

  /** The values that identify the resident, as they could appear in a table. */
  const identifying = (resident: ReturnType<typeof residentWithContact>): Record<string, string> => ({
    bsn: resident.bsn,
    name: resident.contact.name,
    phone: resident.contact.phone,
    email: resident.contact.email,
    street: resident.contact.address.street,
    pseudonym: ResidentPseudonymiser.fromEnv().of(resident.bsn),
    bsnIndex: new BsnBlindIndex(loadResidentCryptoKeys().bsnIndexKey).of(Bsn.parse(resident.bsn)).toString('hex'),
  });

  /** Every table of the municipality's database whose row text (every column, bytea as hex) holds the value. */
  const tablesHolding = async (value: string): Promise<string[]> => {
    const { rows: tables } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const holding: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table}" t WHERE t::text ILIKE '%' || $1 || '%'`,
        [value],
      );
      if (Number(rows[0]!.n) > 0) holding.push(table);
    }
    return holding;
  };

  const searchAll = async (values: Record<string, string>): Promise<Record<string, string[]>> => {
    const found: Record<string, string[]> = {};
    for (const [kind, value] of Object.entries(values)) found[kind] = await tablesHolding(value);
    return found;
  };

  const erasureAnswer = (
    service: (typeof OTHER_SERVICES)[number],
    pathwayId: string,
    erasureId: string,
    at: string,
  ): EventEnvelope =>
    buildEvent({
      type: `nl.ketenpad.${service}.personal-data-erased.v1` as KetenpadEventType,
      source: sourceFor(service, service === 'timeline' || service === 'partner-gateway' ? 'KETENPAD' : 'X-1'),
      pathwayId,
      data: { erasureId, at },
    } as Parameters<typeof buildEvent>[0]);

  const produce = async (event: EventEnvelope): Promise<void> => {
    const service = event.type.split('.')[2]!;
    await producer.send({
      topic: `${service}.events.v1`,
      acks: -1,
      messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
  };

  it('leaves no BSN, contact data, pseudonym or decryptable resident data in any table, and keeps the history', async () => {
    // given a pathway with every kind of personal data, and a second resident's pathway
    const resident = residentWithContact();
    const pathwayId = await openPathway(resident);
    const bystander = residentWithContact();
    await openPathway(bystander);
    const values = identifying(resident);
    // the search finds what is kept (pseudonym and blind index; BSN and contact only sealed)
    expect((await searchAll(values))['pseudonym']).toEqual(['resident']);
    expect((await searchAll(values))['bsnIndex']).toEqual(['resident']);
    // when the privacy officer erases the resident's personal data
    const res = await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, admin);
    // then
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ erasureId: expect.any(String), status: 'pending' });
    expect(await searchAll(values)).toEqual({
      bsn: [],
      name: [],
      phone: [],
      email: [],
      street: [],
      pseudonym: [],
      bsnIndex: [],
    });
    // and nothing sealed for the pathway survives, nor the key that could open a copy of it
    const sealed = await db.query(
      'SELECT 1 FROM resident WHERE pathway_id = $1 UNION ALL SELECT 1 FROM pathway_data_key WHERE pathway_id = $1',
      [pathwayId],
    );
    expect(sealed.rowCount).toBe(0);
    // and the other resident keeps theirs
    expect((await searchAll(identifying(bystander)))['pseudonym']).toEqual(['resident']);
    // and every service is asked, in the same transaction
    const { rows } = await db.query<{ payload: Buffer }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = $2`,
      [pathwayId, 'nl.ketenpad.municipality.personal-data-erased.v1'],
    );
    expect(rows.map((r) => (JSON.parse(r.payload.toString('utf8')) as { data: unknown }).data)).toEqual([
      { erasureId: res.body.erasureId, at: expect.any(String) },
    ]);
    // and reads of the pathway still work, without personal data
    const view = await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      pathwayId,
      phase: 'aanmelding',
      firstConversationDue: '2025-03-31',
      resident: null,
    });
    // and the work goes on, but nobody can put personal data back on the pathway
    expect(
      (
        await api('POST', `/api/v1/pathways/${pathwayId}/first-conversation`, counsellor, {
          heldAt: '2025-03-05T10:00:00Z',
        })
      ).status,
    ).toBe(201);
    expect((await api('PUT', `/api/v1/pathways/${pathwayId}/resident`, counsellor, { bsn: resident.bsn })).status).toBe(
      409,
    );
    expect(await searchAll(values)).toEqual({
      bsn: [],
      name: [],
      phone: [],
      email: [],
      street: [],
      pseudonym: [],
      bsnIndex: [],
    });
  });

  it('answers a second erasure request with the first, asking the other services once', async () => {
    // given
    const pathwayId = await openPathway(residentWithContact());
    const first = await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, admin);
    // when
    const second = await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, admin);
    // then
    expect(second).toEqual({ status: 202, body: first.body });
    const { rows } = await db.query(
      `SELECT 1 FROM outbox WHERE aggregate_id = $1 AND type LIKE '%personal-data-erased%'`,
      [pathwayId],
    );
    expect(rows).toHaveLength(1);
  });

  it('lets only the privacy officer of the responsible municipality erase', async () => {
    // given
    const resident = residentWithContact();
    const pathwayId = await openPathway(resident);
    // when / then
    expect((await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, counsellor)).status).toBe(403);
    expect((await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, utrechtAdmin)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/pathways/${randomUUID()}/personal-data`, admin)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/pathways/nope/personal-data`, admin)).status).toBe(400);
    // and nothing was erased
    expect((await searchAll(identifying(resident)))['pseudonym']).toEqual(['resident']);
    expect((await api('GET', `/api/v1/pathways/${pathwayId}/personal-data/erasure`, counsellor)).status).toBe(404);
  });

  it('shows completion per service as their answers arrive, and completed once all answered', async () => {
    // given an erasure
    const pathwayId = await openPathway(residentWithContact());
    const { erasureId } = (await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, admin)).body as {
      erasureId: string;
    };
    const status = async () =>
      (await api('GET', `/api/v1/pathways/${pathwayId}/personal-data/erasure`, counsellor)).body;
    const initially = await status();
    expect(initially).toMatchObject({ erasureId, pathwayId, requestedBy: 'privacy-officer-1', status: 'pending' });
    expect(initially.services).toEqual([
      { service: 'municipality', completedAt: initially.requestedAt },
      ...OTHER_SERVICES.map((service) => ({ service, completedAt: null })),
    ]);
    // when the GP answers, and an answer to an erasure never requested arrives too
    await produce(erasureAnswer('gp', pathwayId, randomUUID(), '2025-04-01T10:00:00Z'));
    await produce(erasureAnswer('gp', pathwayId, erasureId, '2025-04-01T10:01:00Z'));
    // then the GP's completion shows, alone
    const afterGp = await waitFor(
      async () => {
        const body = await status();
        return body.services.find((s: { service: string }) => s.service === 'gp').completedAt !== null
          ? body
          : undefined;
      },
      { timeoutMs: 20_000, description: 'the GP completion' },
    );
    expect(
      afterGp.services
        .filter((s: { completedAt: string | null }) => s.completedAt !== null)
        .map((s: { service: string }) => s.service),
    ).toEqual(['municipality', 'gp']);
    expect(afterGp.services).toContainEqual({ service: 'gp', completedAt: '2025-04-01T10:01:00.000Z' });
    expect(afterGp.status).toBe('pending');
    // when every other service answers (the GP a second time)
    for (const service of OTHER_SERVICES)
      await produce(erasureAnswer(service, pathwayId, erasureId, '2025-04-01T10:02:00Z'));
    // then the request is completed, with the GP's first answer kept
    const done = await waitFor(async () => ((await status()).status === 'completed' ? await status() : undefined), {
      timeoutMs: 20_000,
      description: 'the erasure completed',
    });
    expect(done.services).toContainEqual({ service: 'gp', completedAt: '2025-04-01T10:01:00.000Z' });
    expect(done.services).toContainEqual({ service: 'partner-gateway', completedAt: '2025-04-01T10:02:00.000Z' });
    // and reading the progress is on the access log
    const { rows } = await db.query(`SELECT 1 FROM access_log WHERE pathway_id = $1 AND resource = 'erasure'`, [
      pathwayId,
    ]);
    expect(rows.length).toBeGreaterThan(0);
  });
});
