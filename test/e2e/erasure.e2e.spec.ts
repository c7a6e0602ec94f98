import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { kafkaBrokers, waitFor } from '@ketenpad/testing';
import { BsnBlindIndex } from '../../services/municipality/src/adapters/persistence/bsn.blind-index';
import { Bsn } from '../../services/municipality/src/domain/bsn';
import { contractTopics, countRows, highWaterMarks } from '../security/chain-state.snapshot';
import { api } from '../support/ketenpad.stack';
import {
  CHAIN_SERVICES,
  ok,
  ORG,
  startChain,
  timelineWhen,
  names,
  type Chain,
  type ChainService,
} from '../support/chain.stack';
import { PartnerReceiver } from '../support/partner.receiver';
import {
  allTopics,
  PostgresServerLog,
  readTopicsFromStart,
  searchDatabase,
  searchMessages,
  searchText,
  soughtBytes,
  soughtText,
  type Sighting,
  type SoughtValue,
} from '../support/personal-data.search';
import { randomBsn } from '../support/resident.fixture';
import { SERVICE_LOG_WINDOW } from '../support/service.process';

const SERVICES: readonly ChainService[] = [...CHAIN_SERVICES, 'partner-gateway'];
const WOONSTAD = 'urn:nld:ketenpad:partner:PT-WOONSTAD';
/** ServiceProcess keeps the last 20,000 characters of a service's output; a longer log would be searched only in part. */

// Keys of this run (not the public development keys), so the test computes the
// BSN's blind index and pseudonym itself, exactly as the services must.
const BSN_INDEX_KEY = randomBytes(32);
const PSEUDONYM_KEY = randomBytes(32);

/**
 * Issue 6.4 acceptance: a resident's right to erasure across the whole chain.
 * A pathway gets personal data in every service (municipality, GP, social
 * work, court liaison, partner gateway, timeline), the municipality's privacy
 * officer erases it, and then every table of every service database, every
 * Kafka topic from offset zero (dead-letter topics included) and every log
 * the test can reach is searched for the erased values. The search is first
 * shown to find them before the erasure, so it could fail.
 */
describe('erasure of a resident’s personal data across the chain (issue 6.4)', () => {
  let chain: Chain;
  let receiver: PartnerReceiver;
  let postgresLog: PostgresServerLog;
  const tokens = { counsellor: '', admin: '', socialWorker: '', courtLiaison: '', gp: '', partner: '' };
  const tag = randomUUID().slice(0, 8);
  const resident = {
    bsn: randomBsn(),
    name: `Fenna Wisveld-${tag}`,
    phone: `06-${randomInt(10_000_000, 99_999_999)}`,
    email: `fenna.${tag}@wisveld.example`,
    street: `Vergeetmenietstraat-${tag}`,
    houseNumber: '17b',
    postalCode: '1012AB',
    patientRef: `pat-${tag}`,
  };

  beforeAll(async () => {
    postgresLog = PostgresServerLog.mark();
    chain = await startChain({
      services: SERVICES,
      env: {
        MUNICIPALITY_BSN_INDEX_KEY: BSN_INDEX_KEY.toString('base64'),
        KETENPAD_PSEUDONYM_KEY: PSEUDONYM_KEY.toString('base64'),
        // Everything the services log at info is searched too.
        LOG_LEVEL: 'info',
        PARTNER_GATEWAY_POLL_INTERVAL_MS: '100',
        PARTNER_GATEWAY_RETRY_BASE_MS: '200',
      },
    });
    [tokens.counsellor, tokens.admin, tokens.socialWorker, tokens.courtLiaison, tokens.gp, tokens.partner] =
      await Promise.all([
        chain.token('GM0363', ['counsellor']),
        chain.token('GM0363', ['admin']),
        chain.token('SW-AMS', ['social-worker']),
        chain.token('RB-AMS', ['court-liaison']),
        chain.token('HA-0001', ['gp']),
        chain.token('PT-WOONSTAD', ['partner']),
      ]);
    receiver = await PartnerReceiver.start();
  }, 180_000);

  afterAll(async () => {
    await receiver?.close();
    await chain?.stop();
  });

  const url = (service: ChainService, path: string) => `${chain.url[service]}/api/v1${path}`;

  async function referFromMunicipality(
    pathwayId: string,
    toOrg: string,
    reason: string,
    urgent = false,
  ): Promise<string> {
    const referralId = randomUUID();
    await ok('POST', url('municipality', `/pathways/${pathwayId}/referrals`), tokens.counsellor, {
      referralId,
      toOrg,
      reason,
      urgent,
      warm: true,
    });
    return referralId;
  }

  /** The receiving service learns of a referral over Kafka: retried until it can accept it. */
  async function accepted(service: ChainService, referralId: string, token: string): Promise<void> {
    await waitFor(
      async () =>
        (await api('POST', url(service, `/referrals/${referralId}/acceptance`), token, {})).status === 201 || undefined,
      { timeoutMs: 30_000, intervalMs: 200, description: `${service} accepting referral ${referralId}` },
    );
  }

  /** A pathway of one resident with personal data in every service of the chain. */
  async function pathwayWithPersonalDataEverywhere(): Promise<{ pathwayId: string; gpReferralId: string }> {
    // partner gateway: Woonstad subscribes to the municipality's events
    const subscription = await ok('POST', url('partner-gateway', '/subscriptions'), tokens.partner, {
      callbackUrl: receiver.url,
      eventTypes: ['nl.ketenpad.municipality.*'],
    });
    receiver.secret = subscription.secret as string;
    // municipality: the help request with BSN and contact data
    const opened = await ok('POST', url('municipality', '/pathways'), tokens.counsellor, {
      bsn: resident.bsn,
      channel: 'balie',
      contact: {
        name: resident.name,
        phone: resident.phone,
        email: resident.email,
        address: {
          street: resident.street,
          houseNumber: resident.houseNumber,
          postalCode: resident.postalCode,
          city: 'Amsterdam',
        },
      },
    });
    const pathwayId = opened.pathwayId as string;
    // GP: the patient's consent and a referral the municipality takes into the resident's pathway
    const consent = await ok('POST', url('gp', `/patients/${resident.patientRef}/consents`), tokens.gp, {
      bsn: resident.bsn,
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: '2030-12-31',
    });
    const gpReferral = await ok('POST', url('gp', '/referrals'), tokens.gp, {
      consentId: consent.consentId,
      toOrg: ORG.amsterdam,
      reason: 'financial-worries',
      urgent: false,
      warm: true,
    });
    await waitFor(
      async () =>
        (await ok('GET', url('gp', `/referrals/${gpReferral.referralId as string}`), tokens.gp)).status ===
          'accepted' || undefined,
      { timeoutMs: 30_000, intervalMs: 200, description: "the municipality accepting the GP's referral" },
    );
    // social work: a referral it accepts, and an onward referral with the resident's pseudonym
    await accepted(
      'social-work',
      await referFromMunicipality(pathwayId, ORG.socialWork, 'stabilisation'),
      tokens.socialWorker,
    );
    await ok('POST', url('social-work', '/referrals'), tokens.socialWorker, {
      pathwayId,
      toOrg: ORG.amsterdam,
      reason: 'debt-assistance',
      urgent: false,
      warm: true,
      bsn: resident.bsn,
    });
    // court liaison: a moratorium request
    await accepted(
      'court-liaison',
      await referFromMunicipality(pathwayId, ORG.court, 'court-procedure', true),
      tokens.courtLiaison,
    );
    await ok('POST', url('court-liaison', `/pathways/${pathwayId}/moratorium/request`), tokens.courtLiaison, {
      basis: 'Wgs-5',
    });
    // partner gateway: a referral to Woonstad, whose endpoint then receives the pathway's notifications
    await referFromMunicipality(pathwayId, WOONSTAD, 'payment-arrears');
    await waitFor(async () => receiver.accepted.some((r) => r.notification.pathwayid === pathwayId) || undefined, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'Woonstad receiving a notification of the pathway',
    });
    // timeline: every organisation's part projected
    await timelineWhen(
      chain,
      tokens.counsellor,
      pathwayId,
      (t) =>
        ['social-work/referral-made', 'court-liaison/moratorium-requested', 'municipality/referral-made'].every((n) =>
          names(t).includes(n),
        ),
      "every organisation's events on the timeline",
    );
    return { pathwayId, gpReferralId: gpReferral.referralId as string };
  }

  /** Every value of the resident the erasure must remove, in every spelling it could be stored in. */
  async function soughtValues(pathwayId: string): Promise<SoughtValue[]> {
    const municipality = new Client({ connectionString: chain.db.municipality.url });
    await municipality.connect();
    try {
      const sealed = await municipality.query<{ sealed_data: Buffer }>(
        'SELECT sealed_data FROM resident WHERE pathway_id = $1',
        [pathwayId],
      );
      const key = await municipality.query<{ wrapped_key: Buffer }>(
        'SELECT wrapped_key FROM pathway_data_key WHERE pathway_id = $1',
        [pathwayId],
      );
      return [
        soughtText('bsn', resident.bsn),
        soughtText('name', resident.name),
        soughtText('phone', resident.phone),
        soughtText('email', resident.email),
        soughtText('street', resident.street),
        soughtText('patient-reference', resident.patientRef),
        soughtBytes('bsn-blind-index', new BsnBlindIndex(BSN_INDEX_KEY).of(Bsn.parse(resident.bsn))),
        soughtText('resident-pseudonym', ResidentPseudonymiser.withKey(PSEUDONYM_KEY).of(resident.bsn)),
        // The contact data is encrypted at rest: its ciphertext and the pathway's wrapped data key are what must go.
        soughtBytes('contact-ciphertext', sealed.rows[0]!.sealed_data),
        soughtBytes('data-key', key.rows[0]!.wrapped_key),
      ];
    } finally {
      await municipality.end();
    }
  }

  /** Where the sought values are: every service database, every topic from offset zero, every reachable log. */
  async function sightings(
    sought: readonly SoughtValue[],
  ): Promise<{ all: Sighting[]; logsSearched: Record<string, number> }> {
    const all: Sighting[] = [];
    for (const service of SERVICES) all.push(...(await searchDatabase(service, chain.db[service].url, sought)));
    const topics = await allTopics(kafkaBrokers());
    // Every contract topic and its dead-letter topic exists, so none escapes the search.
    expect(topics).toEqual(expect.arrayContaining(contractTopics()));
    all.push(...searchMessages(await readTopicsFromStart(kafkaBrokers(), topics), sought));
    const logsSearched: Record<string, number> = {};
    for (const service of SERVICES) {
      const output = chain.process[service].logs();
      logsSearched[service] = output.length;
      all.push(...searchText(`log:${service}`, output, sought));
    }
    const serverLog = postgresLog.since();
    logsSearched.postgresql = serverLog.length;
    all.push(...searchText('log:postgresql', serverLog, sought));
    return { all: [...new Set(all)].sort(), logsSearched };
  }

  /** Once the chain has stopped moving: row counts and topic ends equal over two looks a second apart. */
  async function settled(): Promise<void> {
    const state = async () =>
      JSON.stringify([
        await Promise.all(SERVICES.map((s) => countRows(chain.db[s].url))),
        await highWaterMarks(kafkaBrokers(), contractTopics()),
      ]);
    let previous = await state();
    await waitFor(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const current = await state();
        const same = current === previous;
        previous = current;
        return same || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 0, description: 'the chain to settle' },
    );
  }

  it('erases the resident everywhere: afterwards no table, topic or log holds a value of them, except the pseudonym in historic referral events on Kafka', async () => {
    // given a pathway with personal data in every service, which the search finds
    const { pathwayId } = await pathwayWithPersonalDataEverywhere();
    const view = await ok('GET', url('municipality', `/pathways/${pathwayId}`), tokens.counsellor);
    expect(view.resident.contact).toMatchObject({ name: resident.name, email: resident.email, phone: resident.phone });
    await settled();
    const sought = await soughtValues(pathwayId);
    const before = await sightings(sought);
    expect(before.all).toEqual(
      expect.arrayContaining([
        // the GP keeps the pseudonym, not the BSN (issue 12 finding 7)
        'resident-pseudonym @ db:gp:public.patient_consent',
        'patient-reference @ db:gp:public.patient_consent',
        'bsn-blind-index @ db:municipality:public.resident',
        'contact-ciphertext @ db:municipality:public.resident',
        'data-key @ db:municipality:public.pathway_data_key',
        'resident-pseudonym @ db:municipality:public.resident',
        'resident-pseudonym @ db:gp:public.outbox',
        'resident-pseudonym @ db:social-work:public.onward_referral',
        'resident-pseudonym @ db:social-work:public.outbox',
        'resident-pseudonym @ db:timeline:public.timeline_entry',
        'resident-pseudonym @ db:partner-gateway:public.chain_event',
        'resident-pseudonym @ kafka:gp.events.v1:nl.ketenpad.gp.referral-made.v1',
        'resident-pseudonym @ kafka:social-work.events.v1:nl.ketenpad.social-work.referral-made.v1',
      ]),
    );
    // and the contact data is nowhere in clear, not even before the erasure (encrypted at rest, never published or logged)
    expect(before.all.filter((s) => /^(name|phone|email|street) @/.test(s))).toEqual([]);

    // when the municipality's privacy officer erases the resident's personal data
    const erased = await fetch(url('municipality', `/pathways/${pathwayId}/personal-data`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(erased.status).toBe(202);
    const { erasureId } = (await erased.json()) as { erasureId: string };

    // then every service reports the erasure carried out
    let progress: unknown;
    const completed = await waitFor(
      async () => {
        const res = await api('GET', url('municipality', `/pathways/${pathwayId}/personal-data/erasure`), tokens.admin);
        progress = res.body;
        return res.status === 200 && res.body.status === 'completed' ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: `every service completing erasure ${erasureId}` },
    ).catch((error: unknown) => {
      // Which service never answered is the point of a failure here.
      throw new Error(`${(error as Error).message}; last progress ${JSON.stringify(progress)}`);
    });
    expect(completed).toMatchObject({ erasureId, pathwayId });
    expect(completed.services.map((s: { service: string }) => s.service).sort()).toEqual([...SERVICES].sort());
    expect(completed.services.every((s: { completedAt: string | null }) => s.completedAt !== null)).toBe(true);
    await settled();

    // and the search finds nothing of the resident, anywhere, but the keyed pseudonym inside the GP's and social
    // work's historic referral-made events: a Kafka log is append-only and cannot be rewritten
    const after = await sightings(sought);
    process.stdout.write(
      `erasure search: ${sought.length} values; before ${before.all.length} sightings, after ${after.all.length}; log characters searched ${JSON.stringify(after.logsSearched)}\n` +
        `  after: ${after.all.join('; ')}\n`,
    );
    expect(after.all).toEqual([
      'resident-pseudonym @ kafka:gp.events.v1:nl.ketenpad.gp.referral-made.v1',
      'resident-pseudonym @ kafka:social-work.events.v1:nl.ketenpad.social-work.referral-made.v1',
    ]);
    // and the search did reach the whole of every log: the erasure's own log lines (pathway id only) are
    // there, and no service wrote more than ServiceProcess keeps (SERVICE_LOG_WINDOW)
    expect(Object.entries(after.logsSearched).filter(([, characters]) => characters >= SERVICE_LOG_WINDOW)).toEqual([]);
    expect(
      searchText('log:municipality', chain.process.municipality.logs(), [soughtText('pathway', pathwayId)]),
    ).toEqual(['pathway @ log:municipality']);

    // and the pathway's non-personal history stays readable, with nothing personal in it
    const afterwards = await ok('GET', url('municipality', `/pathways/${pathwayId}`), tokens.counsellor);
    expect(afterwards).toMatchObject({ pathwayId, resident: null });
    const timeline = await timelineWhen(
      chain,
      tokens.counsellor,
      pathwayId,
      () => true,
      'the timeline after the erasure',
    );
    expect(names(timeline)).toEqual(
      expect.arrayContaining(['municipality/help-requested', 'court-liaison/moratorium-requested']),
    );
  }, 120_000);
});
