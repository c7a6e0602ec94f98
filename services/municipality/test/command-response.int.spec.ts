import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startMunicipality, type MunicipalityUnderTest } from './municipality.harness';
import { randomBsn } from './resident.fixture';

/**
 * Issue 12 finding 13: a command answers only what it changed - the facts it
 * recorded, the phase and status they left (and the referral's id) - never
 * the pathway state with its resident-related data, so a command is no read
 * and leaves no access-log row. Reading is GET /pathways/{id}, which logs.
 */
describe('municipality command answers', () => {
  let municipality: MunicipalityUnderTest;
  let baseUrl: string;
  let counsellor: string;
  let db: Client;

  beforeAll(async () => {
    municipality = await startMunicipality('municipality_command_response');
    ({ baseUrl, db } = municipality);
    counsellor = await (await DevIssuer.open()).issueFor('GM0363', ['counsellor']);
  });

  afterAll(() => municipality?.stop());

  const post = async (path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${counsellor}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const readsOf = async (pathwayId: string): Promise<number> =>
    Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM access_log WHERE pathway_id = $1', [pathwayId]))
        .rows[0]!.n,
    );

  it('answers each command with its recorded facts only: no early signal, referral, debts or contact data, no access-log row', async () => {
    // given a pathway opened by an early signal (arrears) of a named resident, then a help request on it
    const bsn = randomBsn();
    const contact = {
      name: 'Fenna Commandovrij',
      address: { street: 'Oudegracht', houseNumber: '7', city: 'Utrecht' },
    };
    const signal = await post('/early-signals', {
      bsn,
      contact,
      signalPartnerType: 'Huur',
      arrearsCents: 271_828,
      arrearsSince: '2025-01-01',
      signalledAt: '2025-02-01',
      crisis: null,
      warmHandover: false,
    });
    const pathwayId = signal.pathwayId as string;
    await post('/pathways', { bsn, contact, channel: 'balie' });
    const referralId = randomUUID();

    // when the counsellor runs commands on it (pathway and trajectory routes)
    const answers = {
      contact: await post(`/pathways/${pathwayId}/contact-attempts`, { kind: 'Telefoon', reached: true }),
      first: await post(`/pathways/${pathwayId}/first-conversation`),
      referral: await post(`/pathways/${pathwayId}/referrals`, {
        referralId,
        toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
        reason: 'stabilisation',
        urgent: false,
        warm: true,
      }),
      generatedReferral: await post(`/pathways/${pathwayId}/referrals`, {
        toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
        reason: 'stabilisation',
        urgent: false,
        warm: false,
      }),
      intake: await post(`/pathways/${pathwayId}/intake-decision`, { decision: 'toelating' }),
      debts: await post(`/pathways/${pathwayId}/debts`, {
        creditorCount: 4,
        totalDebtCents: 314_159,
        debtTypes: ['Nuts'],
      }),
      closure: await post(`/pathways/${pathwayId}/closure`, { reason: 'Verhuisd' }),
    };

    // then each answer names what the command recorded, and nothing else of the pathway
    expect(answers.contact).toEqual({ pathwayId, status: 'open', phase: 'aanmelding', events: ['contact-attempted'] });
    expect(answers.first).toEqual({
      pathwayId,
      status: 'open',
      phase: 'intake',
      events: ['first-conversation-held', 'phase-changed'],
    });
    expect(answers.referral).toEqual({
      pathwayId,
      status: 'open',
      phase: 'intake',
      events: ['referral-made'],
      referralId,
    });
    expect(answers.generatedReferral).toEqual({
      pathwayId,
      status: 'open',
      phase: 'intake',
      events: ['referral-made'],
      referralId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(answers.generatedReferral.referralId).not.toBe(referralId);
    expect(answers.intake).toMatchObject({ phase: 'plan-van-aanpak', events: ['intake-decided', 'phase-changed'] });
    expect(answers.debts).toEqual({
      pathwayId,
      status: 'open',
      phase: 'plan-van-aanpak',
      events: ['debts-inventoried'],
    });
    expect(answers.closure).toMatchObject({ status: 'closed', phase: 'uitstroom' });
    const text = JSON.stringify(answers);
    for (const leak of ['271828', '314159', 'Commandovrij', 'Oudegracht', bsn, 'SW-AMS', 'residentPseudonym', 'Huur']) {
      expect(text).not.toContain(leak);
    }
    // and no command was a read of the pathway
    expect(await readsOf(pathwayId)).toBe(0);
  });
});
