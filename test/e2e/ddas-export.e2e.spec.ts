import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { LocalDate } from '@ketenpad/calendar';
import { waitFor } from '@ketenpad/testing';
import { api } from '../support/ketenpad.stack';
import { chainActors, ok, ORG, startChain, type Chain } from '../support/chain.stack';
import { randomBsn } from '../support/resident.fixture';

/** The parts of a DDAS schuldhulptraject this test reads. */
interface Traject {
  gemeentecode: string;
  aanmelding?: { crisisinterventie?: boolean };
  moratoria?: Array<Record<string, string>>;
  schuldregeling?: { toegekend?: string };
  nazorg?: object;
  uitstroom?: { reden: string };
}

/** The official DDAS schemas as the municipality ships them, compiled here independently of the service. */
function officialValidator(file: string): ReturnType<Ajv2020['compile']> {
  const schema = JSON.parse(
    readFileSync(join(__dirname, '../../services/municipality/src/adapters/ddas', file), 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/**
 * Issue 4 acceptance on demo-like data: a handful of the demo's scenario kinds
 * (a completed trajectory, a drop-out, a GP referral, an urgent eviction with a
 * moratorium, early signals taken up and declined) played through the real
 * services (own processes, own databases, the dev broker); both DDAS deliveries
 * validate against the official schemas and carry the scenarios' figures.
 * The demo generator works with times relative to now and is being reworked,
 * so the scenarios drive the services' public APIs directly.
 */
describe('DDAS deliveries of demo scenarios through the real chain', () => {
  let chain: Chain;
  let counsellor: string;
  let socialWorker: string;
  let courtLiaison: string;
  let gp: string;
  const validShv = officialValidator('json_schema_Uitwisselmodel.json');
  const validVs = officialValidator('json_schema_Uitwisselmodel.vs-v0.9.json');
  const today = LocalDate.fromInstant(new Date());
  const daysAgo = (days: number): string => today.plusDays(-days).toString();
  const instantDaysAgo = (days: number): string => `${daysAgo(days)}T09:00:00Z`;
  const period = `from=${daysAgo(300)}&to=${today.toString()}`;

  beforeAll(async () => {
    chain = await startChain({ services: ['municipality', 'social-work', 'court-liaison', 'gp'] });
    ({ counsellor, socialWorker, courtLiaison, gp } = await chainActors(chain));
  }, 120_000);

  afterAll(async () => {
    await chain?.stop();
  });

  const municipality = (path: string) => `${chain.url.municipality}/api/v1${path}`;
  const onPathway = (pathwayId: string, path: string, body: unknown = {}) =>
    ok('POST', municipality(`/pathways/${pathwayId}${path}`), counsellor, body);

  async function helpRequest(requestedDaysAgo: number): Promise<string> {
    const body = await ok('POST', municipality('/pathways'), counsellor, {
      bsn: randomBsn(),
      channel: 'balie',
      requestedAt: instantDaysAgo(requestedDaysAgo),
      crisis: null,
    });
    return body.pathwayId as string;
  }

  /** Another service acts on a referral once it learnt of it through Kafka. */
  async function accepted(url: string, token: string, description: string): Promise<void> {
    await waitFor(async () => (await api('POST', url, token, {})).status === 201 || undefined, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description,
    });
  }

  async function referredAndAccepted(
    pathwayId: string,
    toOrg: string,
    reason: string,
    url: (referralId: string) => string,
    token: string,
  ): Promise<void> {
    const referralId = randomUUID();
    await onPathway(pathwayId, '/referrals', { referralId, toOrg, reason, urgent: toOrg === ORG.court, warm: true });
    await accepted(url(referralId), token, `${toOrg} accepting referral ${referralId}`);
  }

  it('exports both deliveries, valid against the official schemas, with the figures of the scenarios', async () => {
    // given a counter help request followed all the way: settlement granted, repaid, aftercare, closed Afgerond
    const completed = await helpRequest(120);
    await onPathway(completed, '/first-conversation', { heldAt: instantDaysAgo(118) });
    await onPathway(completed, '/intake-decision', { decision: 'toelating', decidedAt: daysAgo(115) });
    await onPathway(completed, '/plan-of-action', { supportTypes: ['debt-settlement'] });
    await onPathway(completed, '/debts', {
      creditorCount: 2,
      totalDebtCents: 1_200_000,
      debtTypes: ['Zorg', 'Publiek'],
    });
    await onPathway(completed, '/settlement-proposals', {
      solutionKind: 'Schuldbemiddeling',
      vtlbCents: 20_000,
      termMonths: 18,
    });
    for (let i = 0; i < 2; i++) await onPathway(completed, '/creditor-responses', { response: 'accepted' });
    for (const step of [
      '/settlement/grant',
      '/repayment/start',
      '/repayment/complete',
      '/aftercare/start',
      '/aftercare/end',
    ])
      await onPathway(completed, step);
    await onPathway(completed, '/closure', { reason: 'Afgerond' });
    // and a drop-out: the resident never came
    const droppedOut = await helpRequest(60);
    await onPathway(droppedOut, '/closure', { reason: 'Nietverschenen' });
    // and a GP referral, which the municipality takes in as a pathway of its own
    const consent = await ok('POST', `${chain.url.gp}/api/v1/patients/pat-${randomUUID().slice(0, 8)}/consents`, gp, {
      bsn: randomBsn(),
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: '2099-12-31',
    });
    await ok('POST', `${chain.url.gp}/api/v1/referrals`, gp, {
      consentId: consent.consentId,
      toOrg: ORG.amsterdam,
      reason: 'financial-worries',
      urgent: false,
      warm: true,
    });
    // and an urgent eviction: social work flags it, the court liaison obtains a moratorium
    const eviction = await helpRequest(1);
    await referredAndAccepted(
      eviction,
      ORG.socialWork,
      'stabilisation',
      (id) => `${chain.url['social-work']}/api/v1/referrals/${id}/acceptance`,
      socialWorker,
    );
    await ok('POST', `${chain.url['social-work']}/api/v1/pathways/${eviction}/urgent-situations`, socialWorker, {
      threat: 'eviction',
      dueBy: today.plusDays(10).toString(),
    });
    await referredAndAccepted(
      eviction,
      ORG.court,
      'court-procedure',
      (id) => `${chain.url['court-liaison']}/api/v1/referrals/${id}/acceptance`,
      courtLiaison,
    );
    await ok('POST', `${chain.url['court-liaison']}/api/v1/pathways/${eviction}/moratorium/request`, courtLiaison, {
      basis: 'Wgs-5',
    });
    await ok('POST', `${chain.url['court-liaison']}/api/v1/pathways/${eviction}/moratorium/grant`, courtLiaison, {
      startsAt: today.toString(),
      endsAt: today.plusDays(180).toString(),
    });
    // and two early signals: one whose offer of help is accepted, one declined
    const signal = (partner: string, signalledDaysAgo: number) =>
      ok('POST', municipality('/early-signals'), counsellor, {
        bsn: randomBsn(),
        signalPartnerType: partner,
        arrearsCents: 65_000,
        arrearsSince: daysAgo(signalledDaysAgo + 60),
        signalledAt: daysAgo(signalledDaysAgo),
        crisis: null,
        warmHandover: false,
      });
    const takenUp = (await signal('Huur', 30)).pathwayId as string;
    await onPathway(takenUp, '/contact-attempts', { kind: 'Telefoon', reached: true, at: instantDaysAgo(29) });
    await onPathway(takenUp, '/help-offer/acceptance', { at: instantDaysAgo(29) });
    const declined = (await signal('Energie', 20)).pathwayId as string;
    await onPathway(declined, '/help-offer/decline', { at: instantDaysAgo(19) });

    // then the GP's referral became a pathway, the eviction names its threat, and the moratorium reached the municipality
    const pathways = await waitFor(
      async () => {
        const open = (await ok('GET', municipality('/pathways'), counsellor)) as Array<{
          pathwayId: string;
          crisis: { type: string } | null;
        }>;
        return open.length === 6 && open.find((p) => p.pathwayId === eviction)?.crisis?.type === 'eviction'
          ? open
          : undefined;
      },
      { timeoutMs: 30_000, description: 'the referred pathway and the flagged eviction at the municipality' },
    );
    expect(pathways.find((p) => p.pathwayId === eviction)?.crisis).toEqual({ type: 'eviction' });
    const shv = await waitFor(
      async () => {
        const res = await api('GET', municipality(`/exports/ddas?${period}`), counsellor);
        const trajecten = (res.body?.leveringen?.[0]?.schuldhulptrajecten ?? []) as Traject[];
        return res.status === 200 && trajecten.some((t) => (t.moratoria ?? []).length > 0) ? res.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the moratorium in the DDAS SHV delivery' },
    );
    // and the SHV delivery validates against the official v1.0 schema
    expect(validShv(shv) ? [] : validShv.errors).toEqual([]);
    const trajecten = shv.leveringen[0].schuldhulptrajecten as Traject[];
    // with one schuldhulptraject per help request (completed, drop-out, GP referral, eviction; not the early signals)
    expect(trajecten).toHaveLength(4);
    expect(trajecten.every((t) => t.gemeentecode === 'GM0363')).toBe(true);
    expect(trajecten.flatMap((t) => (t.uitstroom ? [t.uitstroom.reden] : [])).sort()).toEqual([
      'Afgerond',
      'Nietverschenen',
    ]);
    expect(trajecten.filter((t) => t.schuldregeling?.toegekend !== undefined)).toHaveLength(1);
    expect(trajecten.filter((t) => t.nazorg !== undefined)).toHaveLength(1);
    expect(trajecten.flatMap((t) => t.moratoria ?? [])).toEqual([
      expect.objectContaining({ startdatum: today.toString(), einddatum: today.plusDays(180).toString() }),
    ]);
    expect(trajecten.filter((t) => t.aanmelding?.crisisinterventie === true)).toHaveLength(1);

    // when the early-signal delivery is exported
    const vs = await ok('GET', municipality(`/exports/ddas/early-signals?${period}`), counsellor);
    // then it validates against the official v0.9 schema and holds both signals, one zaak each
    expect(validVs(vs) ? [] : validVs.errors).toEqual([]);
    const levering = vs.leveringen[0];
    expect(levering.gemeentecode).toBe('GM0363');
    expect(
      levering.vroegsignalen.map((s: { signaalpartner: { type: string } }) => s.signaalpartner.type).sort(),
    ).toEqual(['Energie', 'Huur']);
    expect(levering.vroegsignaalzaken).toHaveLength(2);
    expect(
      levering.vroegsignaalzaken.flatMap((z: { contactpogingen?: unknown[] }) => z.contactpogingen ?? []),
    ).toHaveLength(1);
    // and no resident data travels in either delivery
    const both = JSON.stringify([shv, vs]);
    expect(both).not.toMatch(/\b\d{9}\b/);

    // and every exported pathway's read is on the access log
    const log = await ok('GET', municipality(`/pathways/${eviction}/access-log`), counsellor);
    expect(log.rows.map((r: { resource: string }) => r.resource)).toEqual(expect.arrayContaining(['ddas-export']));
  }, 90_000);
});
