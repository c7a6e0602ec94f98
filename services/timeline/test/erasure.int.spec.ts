import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { GM0363, publishMunicipalityEvent, query, startTimeline } from './timeline.harness';

const SOCIAL_WORK = 'urn:nld:ketenpad:social-work:SW-AMS';

/**
 * Erasure in the timeline on a real PostgreSQL database, with events from the
 * dev broker: a pathway the municipality merges into an already erased one
 * inherits the erasure - its stored entries lose the resident pseudonym, and
 * so do its later events - while a pathway never erased keeps its data.
 */
describe('timeline erasure of a pathway merged after the erasure', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const kafka = new Kafka({ clientId: 'timeline.erasure-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const generation = `erasure-${Date.now()}`;

  // P is erased; M (with its own earlier merge M2) is merged into P only afterwards; U is never erased.
  const erased = randomUUID();
  const mergedLater = randomUUID();
  const mergedIntoMergedLater = randomUUID();
  const untouched = randomUUID();
  const pseudonymOf = new Map<string, string>(
    [mergedLater, mergedIntoMergedLater, untouched].map((id) => [id, pseudonym()]),
  );

  beforeAll(async () => {
    db = await createTestDatabase('timeline_erasure');
    app = await startTimeline(db, generation);
    await producer.connect();
  }, 90_000);

  afterAll(async () => {
    await producer.disconnect();
    await app?.close();
    await db?.drop();
  });

  const publish = <T extends keyof KetenpadEventDataMap>(type: T, pathwayId: string, data: KetenpadEventDataMap[T]) =>
    publishMunicipalityEvent(producer, type, pathwayId, data);
  const sql = <T>(text: string, params: unknown[] = []) => query<T>(db.url, text, params);

  const referWithPseudonym = (pathwayId: string) =>
    publish('nl.ketenpad.municipality.referral-made.v1', pathwayId, {
      referralId: randomUUID(),
      fromOrg: GM0363,
      toOrg: SOCIAL_WORK,
      reason: 'stabilisation',
      urgent: false,
      warm: false,
      at: '2026-03-03T09:00:00.000Z',
      residentPseudonym: pseudonymOf.get(pathwayId)!,
    });

  /** The pseudonyms still stored in the pathway's entries. */
  const storedPseudonyms = async (pathwayId: string): Promise<string[]> =>
    (
      await sql<{ p: string }>(
        `SELECT data->>'residentPseudonym' AS p FROM timeline_entry WHERE pathway_id = $1 AND data ? 'residentPseudonym'`,
        [pathwayId],
      )
    ).map((r) => r.p);

  const entries = async (pathwayId: string, type: string): Promise<number> =>
    Number(
      (
        await sql<{ n: string }>('SELECT count(*) AS n FROM timeline_entry WHERE pathway_id = $1 AND type = $2', [
          pathwayId,
          type,
        ])
      )[0]!.n,
    );

  it('strips the stored and the later identifying data of the merged pathways, and nothing of an unrelated one', async () => {
    // given four pathways, three of them referred with the resident's pseudonym, and M2 merged into M
    for (const id of [erased, mergedLater, mergedIntoMergedLater, untouched])
      await publish('nl.ketenpad.municipality.help-requested.v1', id, {
        channel: 'balie',
        requestedAt: '2026-03-02T09:00:00.000Z',
        crisis: null,
        firstConversationDue: '2026-03-30',
        municipalityCode: 'GM0363',
      });
    for (const id of [mergedLater, mergedIntoMergedLater, untouched]) await referWithPseudonym(id);
    await publish('nl.ketenpad.municipality.pathway-merged.v1', mergedIntoMergedLater, {
      intoPathwayId: mergedLater,
      referralId: randomUUID(),
      at: '2026-03-04T09:00:00.000Z',
    });
    // Each pathway is its own partition, so wait for all three (projected in no fixed order).
    await waitFor(
      async () => {
        for (const id of [mergedLater, mergedIntoMergedLater, untouched])
          if ((await storedPseudonyms(id)).length !== 1) return undefined;
        return true;
      },
      { timeoutMs: 30_000, description: 'the referrals projected' },
    );
    expect(await storedPseudonyms(mergedLater)).toEqual([pseudonymOf.get(mergedLater)]);
    expect(await storedPseudonyms(mergedIntoMergedLater)).toEqual([pseudonymOf.get(mergedIntoMergedLater)]);

    // when P is erased, and only then M merged into P, and M referred again with the pseudonym
    const erasureId = randomUUID();
    await publish('nl.ketenpad.municipality.personal-data-erased.v1', erased, {
      erasureId,
      at: '2026-03-05T09:00:00.000Z',
    });
    await waitFor(
      async () =>
        (await sql('SELECT 1 FROM timeline_erasure WHERE pathway_id = $1', [erased])).length === 1 || undefined,
      { timeoutMs: 30_000, description: 'the erasure projected' },
    );
    await publish('nl.ketenpad.municipality.pathway-merged.v1', mergedLater, {
      intoPathwayId: erased,
      referralId: randomUUID(),
      at: '2026-03-06T09:00:00.000Z',
    });
    await referWithPseudonym(mergedLater);
    await waitFor(
      async () => (await entries(mergedLater, 'nl.ketenpad.municipality.referral-made.v1')) === 2 || undefined,
      { timeoutMs: 30_000, description: "M's second referral projected" },
    );

    // then M and M2 inherited the erasure: no pseudonym in their entries, the later one included
    expect(await storedPseudonyms(mergedLater)).toEqual([]);
    expect(await storedPseudonyms(mergedIntoMergedLater)).toEqual([]);
    const inherited = await sql<{ pathway_id: string; erasure_id: string }>(
      'SELECT pathway_id, erasure_id FROM timeline_erasure ORDER BY pathway_id',
    );
    expect(inherited).toEqual(
      expect.arrayContaining(
        [erased, mergedLater, mergedIntoMergedLater].map((id) => ({ pathway_id: id, erasure_id: erasureId })),
      ),
    );
    // and the pseudonyms are nowhere in the timeline's entries, except the untouched pathway's own
    const anywhere = await sql<{ pathway_id: string }>(
      `SELECT pathway_id FROM timeline_entry WHERE data->>'residentPseudonym' = ANY($1::text[])`,
      [[...pseudonymOf.values()]],
    );
    expect(anywhere).toEqual([{ pathway_id: untouched }]);
  });
});

function pseudonym(): string {
  return Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
}
