import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startMunicipality, type MunicipalityUnderTest } from './municipality.harness';
import { randomBsn } from './resident.fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

/**
 * Finding a resident by BSN on a real PostgreSQL database: the BSN travels in
 * the body, is matched through the blind index within the counsellor's own
 * municipality, never comes back, and every pathway found is access-logged.
 */
describe('municipality pathway search by BSN', () => {
  let municipality: MunicipalityUnderTest;
  let baseUrl: string;
  let db: Client;
  let amsterdam: string;
  let utrecht: string;

  beforeAll(async () => {
    municipality = await startMunicipality('municipality_pathway_search');
    ({ baseUrl, db } = municipality);
    const issuer = await DevIssuer.open();
    amsterdam = await issuer.issueFor('GM0363', ['counsellor']);
    utrecht = await issuer.issueFor('GM0344', ['counsellor']);
  }, 90_000);

  afterAll(() => municipality?.stop());

  const post = async (path: string, token: string, body: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const registerHelpRequest = (token: string, bsn: string) =>
    post('/pathways', token, { bsn, channel: 'balie', crisis: null });
  const searchReads = async (pathwayId: string) =>
    (
      await db.query<{ organisation_id: string; resource: string; purpose: string }>(
        "SELECT organisation_id, resource, purpose FROM access_log WHERE pathway_id = $1 AND resource = 'pathway-search'",
        [pathwayId],
      )
    ).rows;

  it("finds the resident's pathway in the own municipality by BSN and logs the read, without ever returning the BSN", async () => {
    // given a help request in Amsterdam
    const bsn = randomBsn();
    const registered = await registerHelpRequest(amsterdam, bsn);
    expect(registered.status).toBe(201);
    const pathwayId = registered.body.pathwayId as string;

    // when Amsterdam's counsellor searches by that BSN
    const found = await post('/pathways/search', amsterdam, { bsn });

    // then the pathway comes back with its status, phase and deadline, and nothing of the resident
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({
        pathwayId,
        status: 'open',
        phase: 'aanmelding',
        firstConversationDue: registered.body.firstConversationDue,
      }),
    ]);
    expect(JSON.stringify(found.body)).not.toContain(bsn);
    // and the read is in the access log with the counselling purpose
    expect(await searchReads(pathwayId)).toEqual([
      { organisation_id: 'GM0363', resource: 'pathway-search', purpose: 'debt-assistance' },
    ]);
  });

  it('finds nothing for the same BSN in another municipality, and logs nothing', async () => {
    // given a help request in Amsterdam
    const bsn = randomBsn();
    const pathwayId = (await registerHelpRequest(amsterdam, bsn)).body.pathwayId as string;

    // when Utrecht's counsellor searches by that BSN
    const found = await post('/pathways/search', utrecht, { bsn });

    // then Utrecht learns nothing, and no read is logged
    expect(found).toEqual({ status: 200, body: { items: [] } });
    expect(await searchReads(pathwayId)).toEqual([]);
  });

  it('answers an empty list for a valid BSN nobody registered', async () => {
    // when
    const found = await post('/pathways/search', amsterdam, { bsn: randomBsn() });
    // then
    expect(found).toEqual({ status: 200, body: { items: [] } });
  });

  it('refuses a BSN that fails the elfproef with 400 and a message on the field, without echoing it', async () => {
    // given a nine-digit number whose check digit is wrong
    const valid = randomBsn();
    const invalid = `${valid.slice(0, 8)}${(Number(valid[8]) + 1) % 10}`;

    // when
    const refused = await post('/pathways/search', amsterdam, { bsn: invalid });
    const missing = await post('/pathways/search', amsterdam, {});

    // then
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'bsn' })]);
    expect(JSON.stringify(refused.body)).not.toContain(invalid);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'bsn' })]);
  });

  it('answers a second help request for the same resident with 409 naming the pathway in progress', async () => {
    // given a resident with an open help request in Amsterdam
    const bsn = randomBsn();
    const first = (await registerHelpRequest(amsterdam, bsn)).body.pathwayId as string;

    // when another help request comes in for them
    const second = await registerHelpRequest(amsterdam, bsn);

    // then it is refused and points at the pathway to continue
    expect(second.status).toBe(409);
    expect(second.body).toEqual(
      expect.objectContaining({ statusCode: 409, error: 'Conflict', existingPathwayId: first }),
    );
    expect(second.body.correlationId).toEqual(expect.any(String));
    expect(JSON.stringify(second.body)).not.toContain(bsn);
    // and the same resident may still ask for help in another municipality
    expect((await registerHelpRequest(utrecht, bsn)).status).toBe(201);
  });
});
