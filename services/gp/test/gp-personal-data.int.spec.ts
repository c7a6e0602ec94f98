import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { createServiceDataSource } from '@ketenpad/persistence';
import { startService } from '@ketenpad/platform';
import { isValidBsn, ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { GP_ENTITIES, GP_MIGRATIONS } from '../src/adapters/persistence/gp.schema';
import { gpAppModule, gpInbox, GP_API } from '../src/app.module';
// The harness's one personal-data search and BSN generator (test/support), as the end-to-end tests use them (STYLE.md rule 12).
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only import of the root harness, not a runtime dependency
import { searchDatabase, soughtText } from '../../../test/support/personal-data.search';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only import of the root harness, not a runtime dependency
import { randomBsn } from '../../../test/support/resident.fixture';

/** Where in the GP's database the value stands (no place: nowhere). */
const sightingsOf = (databaseUrl: string, value: string) =>
  searchDatabase('gp', databaseUrl, [soughtText('value', value)]);

const pseudonymOf = (bsn: string): string => ResidentPseudonymiser.fromEnv().of(bsn);

/**
 * Issue 12 findings 7 and 14: the GP keeps no BSN at rest (only the keyed
 * pseudonym its referrals carry), existing rows are converted, and a
 * BSN-shaped patient reference never gets into a URL the service accepts.
 */
describe('gp service: no BSN at rest, none in URLs', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let gp: string;

  beforeAll(async () => {
    db = await createTestDatabase('gp_personal_data');
    app = await startService({
      ...GP_API,
      rootModule: gpAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url }, databaseName: db.name }),
      inbox: gpInbox(),
      port: 0,
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    gp = await (await DevIssuer.open()).issueFor('HA-0001', ['gp']);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON response bodies of any shape; the tests assert them.
  const post = async (path: string, body: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gp}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const consentBody = (bsn: string) => ({
    bsn,
    scope: ['refer-to-municipality', 'receive-outcome'],
    purpose: 'referral',
    validUntil: null,
  });
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('holds no BSN in any column after a consent and a referral, and still refers with the pseudonym', async () => {
    // given a consent recorded with the patient's BSN
    const bsn = randomBsn();
    const consent = await post(`/api/v1/patients/P-${randomInt(1e6)}/consents`, consentBody(bsn));
    expect(consent.status).toBe(201);
    expect(JSON.stringify(consent.body)).not.toContain(bsn);
    // when the practice refers on it
    const referral = await post('/api/v1/referrals', {
      consentId: consent.body.consentId,
      toOrg: 'urn:nld:ketenpad:municipality:GM0363',
      reason: 'financial-worries',
      urgent: false,
      warm: true,
    });
    expect(referral.status).toBe(201);
    // then no table of the GP database holds the BSN
    expect(await sightingsOf(db.url, bsn)).toEqual([]);
    // and the referral still carries the resident's keyed pseudonym, so the municipality recognises the resident
    const [made] = await sql<{ payload: Buffer }>(
      `SELECT payload FROM outbox WHERE type = 'nl.ketenpad.gp.referral-made.v1' AND payload::text <> '' ORDER BY seq DESC LIMIT 1`,
    );
    expect(
      (JSON.parse(made!.payload.toString('utf8')) as { data: { residentPseudonym: string } }).data.residentPseudonym,
    ).toBe(pseudonymOf(bsn));
  });

  it('refuses a BSN-shaped patient reference with a 400 naming patientRef, and accepts other nine digits', async () => {
    const bsnShaped = randomBsn();
    const refused = await post(`/api/v1/patients/${bsnShaped}/consents`, consentBody(randomBsn()));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'patientRef', messages: [expect.stringMatching(/BSN/)] }]);
    expect(await sightingsOf(db.url, bsnShaped)).toEqual([]);
    const notABsn = '123456789';
    expect(isValidBsn(notABsn)).toBe(false);
    expect((await post(`/api/v1/patients/${notABsn}/consents`, consentBody(randomBsn()))).status).toBe(201);
  });

  it('converts existing consents: the BSN becomes its pseudonym and the column is dropped', async () => {
    // given a GP database on the schema before the conversion, with a consent holding a BSN
    const old = await createTestDatabase('gp_bsn_migration');
    try {
      const before = await createServiceDataSource({
        service: 'gp',
        databaseUrl: old.url,
        databaseName: old.name,
        entities: GP_ENTITIES,
        migrations: GP_MIGRATIONS.slice(0, 2),
        poolSize: 1,
      });
      const bsn = randomBsn();
      const consentId = randomUUID();
      await before.dataSource.query(
        `INSERT INTO patient_consent (consent_id, practice_id, patient_ref, bsn, scope, purpose, valid_until, pathway_id, recorded_at)
         VALUES ($1, 'HA-0001', 'P-1', $2, ARRAY['refer-to-municipality'], 'referral', NULL, $3, now())`,
        [consentId, bsn, randomUUID()],
      );
      await before.close();
      // when the service starts with every migration
      const after = await createServiceDataSource({
        service: 'gp',
        databaseUrl: old.url,
        databaseName: old.name,
        entities: GP_ENTITIES,
        migrations: GP_MIGRATIONS,
        poolSize: 1,
      });
      try {
        // then the consent holds the pseudonym of its BSN, and the BSN is nowhere
        const rows: Array<{ resident_pseudonym: string }> = await after.dataSource.query(
          'SELECT resident_pseudonym FROM patient_consent WHERE consent_id = $1',
          [consentId],
        );
        expect(rows).toEqual([{ resident_pseudonym: pseudonymOf(bsn) }]);
        const columns: unknown[] = await after.dataSource.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = 'patient_consent' AND column_name = 'bsn'`,
        );
        expect(columns).toEqual([]);
        expect(await sightingsOf(old.url, bsn)).toEqual([]);
      } finally {
        await after.close();
      }
    } finally {
      await old.drop();
    }
  });
});
