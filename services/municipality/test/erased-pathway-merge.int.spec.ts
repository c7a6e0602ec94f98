import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from '../src/app.module';

/**
 * Issue 12 finding 6: an erased pathway, and every pathway merged into it, is
 * never merged again. Otherwise a new help request of the same resident plus
 * a (late or repeated) referral on a pathway merged into the erased one would
 * publish a second `pathway-merged` and re-link the erased history to the
 * person. The municipality as deployed, events in through the dev broker.
 */
describe('municipality: erased pathways are never merged again', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let counsellor: string;
  let admin: string;
  let db: Client;
  const kafka = new Kafka({ clientId: 'municipality.erased-merge.int', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const pseudonymOf = (bsn: string): string => ResidentPseudonymiser.fromEnv().of(bsn);
  const GP = 'urn:nld:ketenpad:gp:HA-0001';
  const AMSTERDAM = 'urn:nld:ketenpad:municipality:GM0363';

  beforeAll(async () => {
    database = await createTestDatabase('municipality_erased_merge');
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url }, databaseName: database.name }),
      inbox: municipalityInbox(),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    admin = await issuer.issueFor('GM0363', ['admin'], { subject: 'privacy-officer-1' });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  const api = async (method: 'POST' | 'DELETE', path: string, token: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const produce = async (event: EventEnvelope): Promise<void> => {
    await producer.send({
      topic: 'gp.events.v1',
      acks: -1,
      messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
  };

  const gpReferral = (pathwayId: string, residentPseudonym: string) =>
    buildEvent({
      type: 'nl.ketenpad.gp.referral-made.v1',
      source: sourceFor('gp', 'HA-0001'),
      pathwayId,
      data: {
        referralId: randomUUID(),
        fromOrg: GP,
        toOrg: AMSTERDAM,
        reason: 'financial-worries',
        urgent: false,
        warm: true,
        consentRef: randomUUID(),
        at: '2025-03-10T09:30:00Z',
        residentPseudonym,
      },
    });

  const processed = (eventId: string) =>
    waitFor(
      async () => (await db.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rows.length > 0,
      { timeoutMs: 20_000, description: `event ${eventId} in the municipality inbox` },
    );

  /** Every `pathway-merged` the municipality ever wrote about this pathway id: where it went. */
  const mergesOf = async (pathwayId: string): Promise<string[]> => {
    const { rows } = await db.query<{ payload: Buffer }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = 'nl.ketenpad.municipality.pathway-merged.v1' ORDER BY seq`,
      [pathwayId],
    );
    return rows.map((r) => (JSON.parse(r.payload.toString('utf8')) as { data: { intoPathwayId: string } }).data.intoPathwayId);
  };
  const acceptancesOn = async (pathwayId: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox WHERE aggregate_id = $1 AND type = 'nl.ketenpad.municipality.referral-accepted.v1'`,
          [pathwayId],
        )
      ).rows[0]!.n,
    );
  const pathwayExists = async (pathwayId: string): Promise<boolean> =>
    (await db.query('SELECT 1 FROM pathway WHERE pathway_id = $1', [pathwayId])).rows.length > 0;

  const registerHelpRequest = async (bsn: string): Promise<string> => {
    const res = await api('POST', '/api/v1/pathways', counsellor, { bsn, channel: 'balie', requestedAt: '2025-03-03T09:00:00Z' });
    expect(res.status).toBe(201);
    return res.body.pathwayId as string;
  };
  const erase = async (pathwayId: string): Promise<void> => {
    expect((await api('DELETE', `/api/v1/pathways/${pathwayId}/personal-data`, admin)).status).toBe(202);
  };
  const takeIn = async (pathwayId: string, bsn: string): Promise<void> => {
    const referral = gpReferral(pathwayId, pseudonymOf(bsn));
    await produce(referral);
    await processed(referral.id);
  };

  it('does not merge a referral on a pathway that was merged into an erased one into the resident\'s new pathway', async () => {
    // given a resident's pathway with a GP referral merged into it, then erased
    const bsn = randomBsn();
    const erased = await registerHelpRequest(bsn);
    const gpPathway = randomUUID();
    await takeIn(gpPathway, bsn);
    expect(await mergesOf(gpPathway)).toEqual([erased]);
    await erase(erased);
    // and a new help request of the same resident
    const fresh = await registerHelpRequest(bsn);
    expect(fresh).not.toBe(erased);

    // when the GP refers again on the pathway that had been merged into the erased one
    await takeIn(gpPathway, bsn);

    // then nothing links the erased history to the resident's new pathway: no second merge, no acceptance
    expect(await mergesOf(gpPathway)).toEqual([erased]);
    expect(await acceptancesOn(fresh)).toBe(0);
    // nor is the referral's pathway opened on its own (it is known on the chain as merged into the erased one)
    expect(await pathwayExists(gpPathway)).toBe(false);
  });

  it('takes no referral on an erased pathway itself, and never makes an erased pathway a merge target', async () => {
    // given an erased pathway and a new pathway of the same resident
    const bsn = randomBsn();
    const erased = await registerHelpRequest(bsn);
    await erase(erased);
    const fresh = await registerHelpRequest(bsn);
    const acceptedBefore = await acceptancesOn(erased);

    // when a referral arrives on the erased pathway's own id
    await takeIn(erased, bsn);
    // then it is not taken in, and not merged anywhere
    expect(await acceptancesOn(erased)).toBe(acceptedBefore);
    expect(await mergesOf(erased)).toEqual([]);
    expect(await acceptancesOn(fresh)).toBe(0);

    // and a referral on an unknown pathway of the same resident is merged into the new pathway, never the erased one
    const other = randomUUID();
    await takeIn(other, bsn);
    expect(await mergesOf(other)).toEqual([fresh]);
  });

  it('does not merge into the new pathway when the erased pathway\'s resident is the only one it could be (a resident never re-registered)', async () => {
    // given a GP referral merged into a pathway that is then erased, and no new pathway
    const bsn = randomBsn();
    const erased = await registerHelpRequest(bsn);
    const gpPathway = randomUUID();
    await takeIn(gpPathway, bsn);
    await erase(erased);
    // when the GP refers again on it
    await takeIn(gpPathway, bsn);
    // then the referral is not opened as a pathway of its own either (the chain knows that id as the erased one's)
    expect(await pathwayExists(gpPathway)).toBe(false);
    expect(await mergesOf(gpPathway)).toEqual([erased]);
  });
});
