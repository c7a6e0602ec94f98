import { Client } from 'pg';
import { waitFor } from '@ketenpad/testing';
import { ok, startChain, type Chain } from '../support/chain.stack';
import { Webhook } from 'standardwebhooks';
import { PartnerReceiver, type ReceivedNotification } from '../support/partner.receiver';
import { randomBsn } from '../support/resident.fixture';

const WOONSTAD = 'urn:nld:ketenpad:partner:PT-WOONSTAD';
const WATERNET = 'urn:nld:ketenpad:partner:PT-WATERNET';
const ENECO = 'urn:nld:ketenpad:partner:PT-ENECO';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

/**
 * Issue 5 end to end: the municipality and the partner gateway as their own
 * processes on the dev broker; partners' webhook endpoints are real HTTP
 * receivers on loopback. Signatures are checked as a partner would, with the
 * `standardwebhooks` library.
 */
describe('partner gateway (issue 5)', () => {
  let chain: Chain;
  let sql: Client;
  let counsellor: string;
  const tokens: Record<'woonstad' | 'waternet' | 'eneco', string> = { woonstad: '', waternet: '', eneco: '' };
  const receivers: Record<'woonstad' | 'waternet' | 'eneco', PartnerReceiver> = {} as never;
  const subscriptions: Record<'woonstad' | 'waternet' | 'eneco', string> = { woonstad: '', waternet: '', eneco: '' };
  const libraryVerify = jest.spyOn(Webhook.prototype, 'verify');

  const call = async (
    method: string,
    url: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const res = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const gateway = (path: string) => `${chain.url['partner-gateway']}/api/v1${path}`;
  const municipality = (path: string) => `${chain.url.municipality}/api/v1${path}`;
  const subscribe = async (who: keyof typeof tokens, behaviour: Parameters<typeof PartnerReceiver.start>[0]) => {
    receivers[who] = await PartnerReceiver.start(behaviour);
    const created = await call('POST', gateway('/subscriptions'), tokens[who], {
      callbackUrl: receivers[who].url,
      eventTypes: ['nl.ketenpad.municipality.*'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    receivers[who].secret = created.body.secret as string;
    subscriptions[who] = created.body.subscriptionId as string;
  };
  const openPathway = async (): Promise<string> =>
    (await ok('POST', municipality('/pathways'), counsellor, { bsn: randomBsn(), channel: 'balie' }))
      .pathwayId as string;
  const refer = (pathwayId: string, toOrg: string) =>
    ok('POST', municipality(`/pathways/${pathwayId}/referrals`), counsellor, {
      toOrg,
      reason: 'payment-arrears',
      urgent: false,
      warm: false,
    });
  const contact = (pathwayId: string) =>
    ok('POST', municipality(`/pathways/${pathwayId}/contact-attempts`), counsellor, {
      kind: 'Telefoon',
      reached: false,
    });
  const ofPathway = (receiver: PartnerReceiver, pathwayId: string): ReceivedNotification[] =>
    receiver.accepted.filter((r) => r.notification.pathwayid === pathwayId);
  const until = (what: string, ready: () => boolean) =>
    waitFor(async () => ready() || undefined, { timeoutMs: 30_000, intervalMs: 100, description: what });

  beforeAll(async () => {
    chain = await startChain({
      services: ['municipality', 'partner-gateway'],
      env: {
        PARTNER_GATEWAY_RETRY_BASE_MS: '200',
        PARTNER_GATEWAY_HTTP_TIMEOUT_MS: '2000',
        PARTNER_GATEWAY_POLL_INTERVAL_MS: '100',
      },
    });
    sql = new Client({ connectionString: chain.db['partner-gateway'].url });
    await sql.connect();
    counsellor = await chain.token('GM0363', ['counsellor']);
    tokens.woonstad = await chain.token('PT-WOONSTAD', ['partner']);
    // Organisations outside the dev directory get their kind explicitly (DevIssuer --kind partner).
    tokens.waternet = await chain.token('PT-WATERNET', ['partner'], { kind: 'partner' });
    tokens.eneco = await chain.token('PT-ENECO', ['partner'], { kind: 'partner' });
    await subscribe('woonstad', { kind: 'ok' });
    await subscribe('waternet', { kind: 'fail-first', count: 3, status: 503 });
    await subscribe('eneco', { kind: 'ok' });
  });

  afterAll(async () => {
    await sql?.end();
    await Promise.all(Object.values(receivers).map((r) => r.close()));
    await chain?.stop();
  });

  it("delivers a referred partner's pathway events in order, signed (verified with the standardwebhooks library), thin, with a readable and access-logged dataref", async () => {
    // given a pathway referred to Woonstad and Waternet (whose endpoint fails three times first)
    const pathwayId = await openPathway();
    await refer(pathwayId, WOONSTAD);
    await refer(pathwayId, WATERNET);
    // when the counsellor records three contact attempts
    for (let i = 0; i < 3; i++) await contact(pathwayId);

    // then Woonstad receives the five events from its referral on, in order, every signature valid
    await until('Woonstad to receive five notifications', () => ofPathway(receivers.woonstad, pathwayId).length >= 5);
    const woonstad = ofPathway(receivers.woonstad, pathwayId);
    expect(woonstad.map((r) => r.notification.type.split('.')[3])).toEqual([
      'referral-made',
      'referral-made',
      'contact-attempted',
      'contact-attempted',
      'contact-attempted',
    ]);
    const times = woonstad.map((r) => String(r.notification.time));
    expect([...times].sort()).toEqual(times);
    expect(woonstad.every((r) => r.signatureValid)).toBe(true);
    // and each one is what the partner webhooks contract says, checked by a receiver built from the contract alone
    expect(woonstad.flatMap((r) => r.contractIssues)).toEqual([]);
    expect(libraryVerify.mock.calls.map(([payload]) => String(payload))).toEqual(
      expect.arrayContaining(woonstad.map((r) => r.body)),
    );
    // and the help request from before its referral is not among them
    expect(woonstad.some((r) => r.notification.type.endsWith('.help-requested.v1'))).toBe(false);
    // and each notification is thin: CloudEvents attributes and a dataref, no data
    expect(woonstad[0]!.notification).toEqual({
      specversion: '1.0',
      id: expect.any(String),
      source: 'urn:nld:ketenpad:municipality:GM0363',
      type: 'nl.ketenpad.municipality.referral-made.v1',
      time: expect.any(String),
      datacontenttype: 'application/json',
      pathwayid: pathwayId,
      classification: 'chain',
      dataref: `${chain.url['partner-gateway']}/api/v1/notifications/${woonstad[0]!.notification.id}`,
    });
    expect(woonstad[0]!.headers['content-type']).toContain('application/cloudevents+json');

    // and Waternet, after three failed attempts, receives every event from its referral on exactly once, in order
    await until('Waternet to recover', () => ofPathway(receivers.waternet, pathwayId).length >= 4);
    const waternet = ofPathway(receivers.waternet, pathwayId);
    expect(waternet.map((r) => r.notification.id)).toEqual(woonstad.slice(1).map((r) => r.notification.id));
    expect(receivers.waternet.received.filter((r) => !r.accepted)).toHaveLength(3);
    expect(waternet.every((r) => r.signatureValid)).toBe(true);

    // and Eneco, which has no part in the pathway, receives nothing of it
    expect(receivers.eneco.received.filter((r) => r.notification.pathwayid === pathwayId)).toHaveLength(0);

    // when Woonstad follows the dataref, and Eneco tries the same
    const read = await fetch(woonstad[0]!.notification.dataref, {
      headers: { authorization: `Bearer ${tokens.woonstad}`, 'x-ketenpad-purpose': 'rent-arrears' },
    });
    const foreign = await call('GET', woonstad[0]!.notification.dataref, tokens.eneco);

    // then Woonstad gets the event with its data, Eneco a 404, and the read is in the gateway's access log
    expect(read.status).toBe(200);
    expect(((await read.json()) as Json).data).toMatchObject({ toOrg: WOONSTAD, reason: 'payment-arrears' });
    expect(foreign.status).toBe(404);
    const log = await sql.query(
      `SELECT organisation_id, resource, purpose, classifications FROM access_log WHERE pathway_id = $1`,
      [pathwayId],
    );
    expect(log.rows).toEqual([
      {
        organisation_id: 'PT-WOONSTAD',
        resource: `notification:${woonstad[0]!.notification.id}`,
        purpose: 'rent-arrears',
        classifications: ['chain'],
      },
    ]);
  });

  it('delivers nothing to a partner after the resident withdrew its consent', async () => {
    // given a pathway referred to Woonstad, with consent for Eneco
    const pathwayId = await openPathway();
    await refer(pathwayId, WOONSTAD);
    const consent = await ok('POST', municipality(`/pathways/${pathwayId}/consents`), counsellor, {
      grantee: ENECO,
      purpose: 'debt-assistance',
      scope: ['chain'],
      validUntil: null,
    });
    await contact(pathwayId);
    await until(
      'Eneco to receive the consent and the contact attempt',
      () => ofPathway(receivers.eneco, pathwayId).length >= 2,
    );

    // when the consent is withdrawn and the pathway goes on
    await ok(
      'POST',
      municipality(`/pathways/${pathwayId}/consents/${consent.consentId as string}/withdrawal`),
      counsellor,
    );
    await contact(pathwayId);
    await contact(pathwayId);

    // then Woonstad (participant) receives everything, and Eneco nothing after the withdrawal
    await until(
      'Woonstad to receive the last contact attempt',
      () => ofPathway(receivers.woonstad, pathwayId).length >= 6,
    );
    expect(ofPathway(receivers.eneco, pathwayId).map((r) => r.notification.type.split('.')[3])).toEqual([
      'consent-recorded',
      'contact-attempted',
    ]);
    // and Eneco can no longer read what it was sent before
    expect(
      (await call('GET', ofPathway(receivers.eneco, pathwayId)[0]!.notification.dataref, tokens.eneco)).status,
    ).toBe(404);
  });

  it("lets a partner neither see nor change another partner's subscriptions, on every endpoint", async () => {
    // given Woonstad's subscription
    const id = subscriptions.woonstad;
    // when Eneco addresses it on every endpoint
    const answers = await Promise.all([
      call('GET', gateway(`/subscriptions/${id}`), tokens.eneco),
      call('PATCH', gateway(`/subscriptions/${id}`), tokens.eneco, { eventTypes: ['*'] }),
      call('POST', gateway(`/subscriptions/${id}/pause`), tokens.eneco),
      call('POST', gateway(`/subscriptions/${id}/resume`), tokens.eneco),
      call('GET', gateway(`/subscriptions/${id}/deliveries`), tokens.eneco),
      call('GET', gateway(`/subscriptions/${id}/dead-letters`), tokens.eneco),
      call('POST', gateway(`/subscriptions/${id}/redeliveries`), tokens.eneco, {}),
      call('POST', gateway(`/subscriptions/${id}/replays`), tokens.eneco, { from: '2020-01-01T00:00:00Z' }),
      call('DELETE', gateway(`/subscriptions/${id}`), tokens.eneco),
    ]);
    // then every answer is 404, and its list holds only its own subscription
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(404));
    expect(
      (await call('GET', gateway('/subscriptions'), tokens.eneco)).body.map((s: Json) => s.subscriptionId),
    ).toEqual([subscriptions.eneco]);
    // and Woonstad's subscription is unchanged
    expect((await call('GET', gateway(`/subscriptions/${id}`), tokens.woonstad)).body).toMatchObject({
      status: 'active',
      eventTypes: ['nl.ketenpad.municipality.*'],
    });
    // and only partners may use the API at all
    expect((await call('GET', gateway('/subscriptions'), counsellor)).status).toBe(403);
    expect((await call('GET', gateway('/subscriptions'), undefined)).status).toBe(401);
  });

  it('refuses bad subscriptions with field-level 400s and stores none of them', async () => {
    // given a receiver that does not answer the validation handshake
    const silent = await PartnerReceiver.start();
    silent.answersHandshake = false;
    const before = (await call('GET', gateway('/subscriptions'), tokens.eneco)).body.length as number;
    try {
      // when Eneco subscribes with bad input
      const handshake = await call('POST', gateway('/subscriptions'), tokens.eneco, {
        callbackUrl: silent.url,
        eventTypes: ['*'],
      });
      const plainHttp = await call('POST', gateway('/subscriptions'), tokens.eneco, {
        callbackUrl: 'http://hooks.eneco.example/ketenpad',
        eventTypes: ['*'],
      });
      const unknownType = await call('POST', gateway('/subscriptions'), tokens.eneco, {
        callbackUrl: receivers.eneco.url,
        eventTypes: ['nl.ketenpad.nothing.v1'],
        classifications: ['health-restricted'],
      });
      // then each is a 400 naming the field, and nothing was stored
      expect(handshake).toMatchObject({ status: 400, body: { errors: [{ field: 'callbackUrl' }] } });
      expect(silent.handshakes).toHaveLength(1);
      expect(plainHttp).toMatchObject({ status: 400, body: { errors: [{ field: 'callbackUrl' }] } });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.errors.map((e: Json) => e.field).sort()).toEqual(['classifications', 'eventTypes']);
      expect((await call('GET', gateway('/subscriptions'), tokens.eneco)).body).toHaveLength(before);
      expect(silent.received).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });
});
