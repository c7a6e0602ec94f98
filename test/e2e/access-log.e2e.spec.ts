import { randomUUID } from 'node:crypto';
import { Client, DatabaseError } from 'pg';
import { DevIssuer, type Role } from '@ketenpad/auth';
import { waitFor } from '@ketenpad/testing';
import { api } from '../support/ketenpad.stack';
import { CHAIN_SERVICES, ok, ORG, startChain, type Chain, type ChainService } from '../support/chain.stack';
import { PartnerReceiver } from '../support/partner.receiver';
import { randomBsn } from '../support/resident.fixture';

const SERVICES: readonly ChainService[] = [...CHAIN_SERVICES, 'partner-gateway'];
const WOONSTAD = 'urn:nld:ketenpad:partner:PT-WOONSTAD';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

/** What the resident is told about one read: who, for which organisation and role, what, why and where. */
interface Read {
  service: string;
  subject: string;
  organisationId: string;
  roles: string[];
  resource: string;
  purpose: string;
}

/**
 * Issue 6.2 acceptance: "who looked at my file?" across the chain. People of
 * every kind of organisation read a pathway in their own service; the
 * responsible municipality's access log lists every one of those reads, and
 * nobody can change or remove a row, neither through any service's API nor
 * through its database user.
 */
describe('the chain-wide access log of a pathway (issue 6.2)', () => {
  let chain: Chain;
  let issuer: DevIssuer;
  let receiver: PartnerReceiver;
  let pathwayId: string;
  let gpReferralId: string;
  /** The readers, each with a subject of its own so their rows can be told from the set-up's. */
  const reader = { counsellor: '', socialWorker: '', gp: '', courtLiaison: '', coordinator: '', partner: '' };
  const setUp = { counsellor: '', socialWorker: '', gp: '', courtLiaison: '', partner: '' };
  const tag = randomUUID().slice(0, 8);
  const subject = (who: keyof typeof reader) => `e2e-${tag}-${who}`;
  const url = (service: ChainService, path: string) => `${chain.url[service]}/api/v1${path}`;
  const as = (orgId: string, roles: Role[], who: keyof typeof reader) =>
    issuer.issueFor(orgId, roles, { subject: subject(who) });
  /** A GET with a stated purpose (`x-ketenpad-purpose`), or none. */
  const read = async (target: string, token: string, purpose?: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(target, {
      headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-ketenpad-purpose': purpose } : {}) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    chain = await startChain({ services: SERVICES, env: { PARTNER_GATEWAY_POLL_INTERVAL_MS: '100' } });
    issuer = await DevIssuer.open();
    [setUp.counsellor, setUp.socialWorker, setUp.gp, setUp.courtLiaison, setUp.partner] = await Promise.all([
      chain.token('GM0363', ['counsellor']),
      chain.token('SW-AMS', ['social-worker']),
      chain.token('HA-0001', ['gp']),
      chain.token('RB-AMS', ['court-liaison']),
      chain.token('PT-WOONSTAD', ['partner']),
    ]);
    [reader.counsellor, reader.socialWorker, reader.gp, reader.courtLiaison, reader.coordinator, reader.partner] =
      await Promise.all([
        as('GM0363', ['counsellor'], 'counsellor'),
        as('SW-AMS', ['social-worker'], 'socialWorker'),
        as('HA-0001', ['gp'], 'gp'),
        as('RB-AMS', ['court-liaison'], 'courtLiaison'),
        as('KR-001', ['coordinator'], 'coordinator'),
        as('PT-WOONSTAD', ['partner'], 'partner'),
      ]);
    receiver = await PartnerReceiver.start();
    const subscription = await ok('POST', url('partner-gateway', '/subscriptions'), setUp.partner, {
      callbackUrl: receiver.url,
      eventTypes: ['nl.ketenpad.municipality.*'],
    });
    receiver.secret = subscription.secret as string;

    // given an Amsterdam pathway known to every service: referred to social work, the court liaison
    // (which accepts) and Woonstad, and taken up from a GP's referral of the same resident
    const bsn = randomBsn();
    pathwayId = (await ok('POST', url('municipality', '/pathways'), setUp.counsellor, { bsn, channel: 'balie' }))
      .pathwayId as string;
    const refer = (toOrg: string, reason: string) =>
      ok('POST', url('municipality', `/pathways/${pathwayId}/referrals`), setUp.counsellor, {
        referralId: randomUUID(),
        toOrg,
        reason,
        urgent: false,
        warm: true,
      });
    await refer(ORG.socialWork, 'stabilisation');
    const toCourt = randomUUID();
    await ok('POST', url('municipality', `/pathways/${pathwayId}/referrals`), setUp.counsellor, {
      referralId: toCourt,
      toOrg: ORG.court,
      reason: 'court-procedure',
      urgent: true,
      warm: true,
    });
    await refer(WOONSTAD, 'payment-arrears');
    const consent = await ok('POST', url('gp', `/patients/pat-${tag}/consents`), setUp.gp, {
      bsn,
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: '2030-12-31',
    });
    const gpReferral = await ok('POST', url('gp', '/referrals'), setUp.gp, {
      consentId: consent.consentId,
      toOrg: ORG.amsterdam,
      reason: 'financial-worries',
      urgent: false,
      warm: true,
    });
    gpReferralId = gpReferral.referralId as string;
    await waitFor(
      async () =>
        (await api('POST', url('court-liaison', `/referrals/${toCourt}/acceptance`), setUp.courtLiaison, {})).status ===
          201 || undefined,
      { timeoutMs: 30_000, intervalMs: 200, description: 'the court liaison accepting the referral' },
    );
    await waitFor(
      async () =>
        (await ok('GET', url('gp', `/referrals/${gpReferralId}`), setUp.gp)).status === 'accepted' || undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: "the municipality accepting the GP's referral",
      },
    );
    await waitFor(
      async () => {
        const inbox = await ok('GET', url('social-work', '/referrals'), setUp.socialWorker);
        return inbox.referrals.some((r: Json) => r.pathwayId === pathwayId) || undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: "the referral in social work's inbox" },
    );
    await waitFor(async () => receiver.accepted.some((r) => r.notification.pathwayid === pathwayId) || undefined, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'Woonstad receiving a notification of the pathway',
    });
    await waitFor(
      async () =>
        (await read(url('timeline', `/pathways/${pathwayId}/timeline`), setUp.counsellor)).status === 200 || undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: 'the pathway on the timeline',
      },
    );
  }, 180_000);

  afterAll(async () => {
    await receiver?.close();
    await chain?.stop();
  });

  /** The six reads of the pathway, in this order, each in the reader's own service. */
  async function everyoneReads(): Promise<void> {
    const answers = [
      await read(url('municipality', `/pathways/${pathwayId}`), reader.counsellor, 'intake-review'),
      await read(url('social-work', '/referrals'), reader.socialWorker),
      await read(url('gp', `/referrals/${gpReferralId}`), reader.gp, 'gp-follow-up'),
      await read(url('court-liaison', `/pathways/${pathwayId}`), reader.courtLiaison),
      await read(url('timeline', `/pathways/${pathwayId}/timeline`), reader.coordinator, 'ketenregie'),
      await read(
        receiver.accepted.find((r) => r.notification.pathwayid === pathwayId)!.notification.dataref,
        reader.partner,
        'rent-arrears',
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
  }

  /** The GP logs a referral read once per pathway it concerns (its own and the one it follows): one entry each. */
  const firstOfEach = (r: Read, i: number, all: Read[]) =>
    all.findIndex((o) => JSON.stringify(o) === JSON.stringify(r)) === i;

  const readsOf = (rows: readonly Read[]): Read[] =>
    rows
      .filter((r) => r.subject.startsWith(`e2e-${tag}-`))
      .map(({ service, subject, organisationId, roles, resource, purpose }) => ({
        service,
        subject,
        organisationId,
        roles,
        resource: resource.startsWith('notification:') ? 'notification' : resource,
        purpose,
      }));

  it('lists every read of the pathway in the chain for the responsible municipality: who, organisation, role, what, why and where, oldest first', async () => {
    // given the pathway read by a counsellor, a social worker, a GP, a court liaison, a coordinator and a partner
    await everyoneReads();

    // when the counsellor answers the resident's "who looked at my file?"
    const answer = await read(
      url('municipality', `/pathways/${pathwayId}/access-log`),
      reader.counsellor,
      'resident-question',
    );

    // then every one of those reads is listed (stated purposes kept, endpoint defaults otherwise), sorted by time
    expect(answer.status).toBe(200);
    expect(answer.body.incomplete).toEqual([]);
    const rows = answer.body.rows as Array<Read & { occurredAt: string }>;
    const times = rows.map((r) => r.occurredAt);
    expect([...times].sort()).toEqual(times);
    const reads = readsOf(rows);
    expect(reads.filter((r) => r.resource !== 'access-log').filter(firstOfEach)).toEqual([
      {
        service: 'municipality',
        subject: subject('counsellor'),
        organisationId: 'GM0363',
        roles: ['counsellor'],
        resource: 'pathway',
        purpose: 'intake-review',
      },
      {
        service: 'social-work',
        subject: subject('socialWorker'),
        organisationId: 'SW-AMS',
        roles: ['social-worker'],
        resource: 'referral',
        purpose: 'referral-handling',
      },
      {
        service: 'gp',
        subject: subject('gp'),
        organisationId: 'HA-0001',
        roles: ['gp'],
        resource: 'referral',
        purpose: 'gp-follow-up',
      },
      {
        service: 'court-liaison',
        subject: subject('courtLiaison'),
        organisationId: 'RB-AMS',
        roles: ['court-liaison'],
        resource: 'court-case',
        purpose: 'court-procedure',
      },
      {
        service: 'timeline',
        subject: subject('coordinator'),
        organisationId: 'KR-001',
        roles: ['coordinator'],
        resource: 'timeline',
        purpose: 'ketenregie',
      },
      {
        service: 'partner-gateway',
        subject: subject('partner'),
        organisationId: 'PT-WOONSTAD',
        roles: ['partner'],
        resource: 'notification',
        purpose: 'rent-arrears',
      },
    ]);
    // and answering it is itself a read, on record in every service asked, with its stated purpose
    const asked = reads.filter((r) => r.resource === 'access-log');
    expect(asked.map((r) => r.service).sort()).toEqual([...SERVICES].sort());
    expect(asked.every((r) => r.subject === subject('counsellor') && r.purpose === 'resident-question')).toBe(true);
  });

  it('shows the access log to nobody but the responsible municipality: another municipality gets 404, a social worker 403', async () => {
    // given a counsellor of Rotterdam and the social worker of the pathway
    const otherMunicipality = await chain.token('GM0599', ['counsellor']);

    // when they ask for the access log at the municipality and at every service that keeps one
    const municipality = await Promise.all([
      read(url('municipality', `/pathways/${pathwayId}/access-log`), otherMunicipality),
      read(url('municipality', `/pathways/${pathwayId}/access-log`), reader.socialWorker),
    ]);
    const services = await Promise.all(
      (['social-work', 'court-liaison', 'gp'] as const).map(async (service) => ({
        service,
        otherMunicipality: (await read(url(service, `/pathways/${pathwayId}/access-log`), otherMunicipality)).status,
        socialWorker: (await read(url(service, `/pathways/${pathwayId}/access-log`), reader.socialWorker)).status,
      })),
    );

    // then the other municipality learns nothing (404) and the social worker is refused (403)
    expect(municipality.map((a) => a.status)).toEqual([404, 403]);
    expect(services).toEqual([
      { service: 'social-work', otherMunicipality: 404, socialWorker: 403 },
      { service: 'court-liaison', otherMunicipality: 404, socialWorker: 403 },
      { service: 'gp', otherMunicipality: 404, socialWorker: 403 },
    ]);
  });

  it('offers no way to change or delete the access log: no service has an endpoint for it, and each answers attempts with 404 and changes nothing', async () => {
    // given every service's published API, and the access log as it is
    const admin = await chain.token('GM0363', ['admin']);
    const before = await accessLogChecksums();

    // when the API documents are searched, and the log is addressed with every writing method as the municipality's admin
    const writable: string[] = [];
    for (const service of SERVICES) {
      const document = (await (await fetch(`${chain.url[service]}/docs-json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [path, operations] of Object.entries(document.paths))
        for (const method of Object.keys(operations))
          if (/access/i.test(path) && method !== 'get') writable.push(`${service} ${method.toUpperCase()} ${path}`);
    }
    const attempts: string[] = [];
    for (const service of SERVICES)
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await fetch(url(service, `/pathways/${pathwayId}/access-log`), {
          method,
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: method === 'DELETE' ? undefined : JSON.stringify({ purpose: 'tampered' }),
        });
        attempts.push(`${service} ${method} ${res.status}`);
      }

    // then no endpoint writes the log, every attempt is a 404, and no row changed
    expect(writable).toEqual([]);
    expect(attempts).toEqual(SERVICES.flatMap((s) => ['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => `${s} ${m} 404`)));
    expect(await accessLogChecksums()).toEqual(before);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of the access log through each service's own database user, by its trigger", async () => {
    // given each service's database, whose access log holds rows
    await everyoneReads();
    const before = await accessLogChecksums();
    expect(SERVICES.filter((service) => before[service]!.rows === 0)).toEqual([]);

    // when the service's database user tries to rewrite or remove it
    const outcomes: string[] = [];
    for (const service of SERVICES) {
      const sql = new Client({ connectionString: chain.db[service].url });
      await sql.connect();
      try {
        for (const statement of [
          `UPDATE access_log SET purpose = 'tampered', subject = 'nobody'`,
          'DELETE FROM access_log',
          'TRUNCATE access_log',
        ]) {
          const error = await sql.query(statement).then(
            () => undefined,
            (e: unknown) => e,
          );
          outcomes.push(
            error instanceof DatabaseError && error.code === '42501' && /append-only/.test(error.message)
              ? `${service}: ${statement.split(' ')[0]} refused`
              : `${service}: ${statement.split(' ')[0]} NOT refused (${String(error)})`,
          );
        }
      } finally {
        await sql.end();
      }
    }

    // then the trigger refuses each statement, and every row is as it was
    expect(outcomes).toEqual(
      SERVICES.flatMap((s) => ['UPDATE', 'DELETE', 'TRUNCATE'].map((op) => `${s}: ${op} refused`)),
    );
    expect(await accessLogChecksums()).toEqual(before);
  });

  /** Per service: how many access-log rows, and a digest of all of them. */
  async function accessLogChecksums(): Promise<Record<string, { rows: number; digest: string }>> {
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const service of SERVICES) {
      const sql = new Client({ connectionString: chain.db[service].url });
      await sql.connect();
      try {
        const { rows } = await sql.query<{ rows: string; digest: string | null }>(
          "SELECT count(*) AS rows, md5(string_agg(a::text, '\n' ORDER BY a.id)) AS digest FROM access_log a",
        );
        result[service] = { rows: Number(rows[0]!.rows), digest: rows[0]!.digest ?? '' };
      } finally {
        await sql.end();
      }
    }
    return result;
  }
});
