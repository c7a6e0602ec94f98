import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, MUNICIPALITY_API } from '../src/app.module';

/**
 * A whole debt-assistance trajectory through the counsellor's HTTP API on a
 * real PostgreSQL database: every step's facts land in the outbox in order,
 * and an impossible step is a 409 that writes nothing.
 */
describe('municipality trajectory from help request to closure', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let counsellor: string;
  let utrechtCounsellor: string;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase('municipality_trajectory');
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url }, databaseName: database.name }),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    utrechtCounsellor = await issuer.issueFor('GM0344', ['counsellor']);
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  const api = async (method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // JSON answers are read loosely on the test side (parse returns `any`).
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const step = async (pathwayId: string, path: string, body: unknown = {}): Promise<void> => {
    const res = await api('POST', `/api/v1/pathways/${pathwayId}/${path}`, counsellor, body);
    if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };

  const outboxTypes = async (pathwayId: string): Promise<string[]> => {
    const { rows } = await db.query<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [pathwayId]);
    return rows.map((r) => r.type.split('.')[3]!);
  };
  const outboxData = async (pathwayId: string, type: string): Promise<Record<string, unknown>> => {
    const { rows } = await db.query<{ payload: Buffer }>('SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = $2', [
      pathwayId,
      `nl.ketenpad.municipality.${type}.v1`,
    ]);
    return (JSON.parse(rows[0]!.payload.toString('utf8')) as { data: Record<string, unknown> }).data;
  };
  const outboxCount = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n);

  const admitted = async (): Promise<string> => {
    const opened = await api('POST', '/api/v1/pathways', counsellor, { bsn: randomBsn(), channel: 'balie' });
    expect(opened.status).toBe(201);
    const pathwayId = opened.body.pathwayId as string;
    await step(pathwayId, 'first-conversation');
    await step(pathwayId, 'intake-decision', { decision: 'toelating' });
    return pathwayId;
  };

  it('runs a whole pathway to closure Afgerond and publishes every fact in order', async () => {
    // given a resident admitted to debt assistance (help request, first conversation, toelating)
    const pathwayId = await admitted();
    // when the counsellor records the whole trajectory
    await step(pathwayId, 'plan-of-action', { supportTypes: ['budget-management', 'debt-settlement'] });
    await step(pathwayId, 'stabilisation/start');
    await step(pathwayId, 'stabilisation/reached');
    await step(pathwayId, 'debts', { creditorCount: 3, totalDebtCents: 1_845_000, debtTypes: ['Nuts', 'Zorg'] });
    await step(pathwayId, 'settlement-proposals', { solutionKind: 'Schuldbemiddeling', vtlbCents: 145_000 });
    await step(pathwayId, 'creditor-responses', { response: 'refused' });
    await step(pathwayId, 'settlement/grant');
    await step(pathwayId, 'repayment/start');
    await step(pathwayId, 'repayment/complete');
    await step(pathwayId, 'aftercare/start');
    await step(pathwayId, 'aftercare/end');
    await step(pathwayId, 'closure', { reason: 'Afgerond' });
    // then
    expect(await outboxTypes(pathwayId)).toEqual([
      'help-requested',
      'phase-changed',
      'first-conversation-held',
      'phase-changed',
      'intake-decided',
      'phase-changed',
      'plan-of-action-set',
      'stabilisation-started',
      'phase-changed',
      'stabilisation-reached',
      'debts-inventoried',
      'settlement-proposed',
      'phase-changed',
      'creditor-responded',
      'settlement-granted',
      'repayment-started',
      'phase-changed',
      'repayment-completed',
      'aftercare-started',
      'phase-changed',
      'aftercare-ended',
      'phase-changed',
      'pathway-closed',
    ]);
    expect(await outboxData(pathwayId, 'settlement-proposed')).toMatchObject({ solutionKind: 'Schuldbemiddeling', vtlbCents: 145_000, termMonths: 18 });
    const view = await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor);
    expect(view.body).toMatchObject({
      status: 'closed',
      phase: 'uitstroom',
      closure: { reason: 'Afgerond', phaseAtClose: 'nazorg' },
      trajectory: { settlement: { status: 'granted', responses: { refused: 1 } } },
    });
  });

  it('refuses repayment before a granted settlement with 409 and writes no outbox row', async () => {
    // given a pathway with a pending settlement proposal
    const pathwayId = await admitted();
    await step(pathwayId, 'debts', { creditorCount: 1, totalDebtCents: 50_000, debtTypes: ['Overig'] });
    await step(pathwayId, 'settlement-proposals', { solutionKind: 'Betalingsregeling', vtlbCents: 120_000, termMonths: 12 });
    const before = await outboxCount();
    // when
    const res = await api('POST', `/api/v1/pathways/${pathwayId}/repayment/start`, counsellor, {});
    // then
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/repayment needs a granted settlement/);
    expect(await outboxCount()).toBe(before);
    expect((await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor)).body.phase).toBe('oplossing');
  });

  it('allows one decision per settlement proposal and no manual move to aflossing', async () => {
    // given a rejected proposal
    const pathwayId = await admitted();
    await step(pathwayId, 'debts', { creditorCount: 1, totalDebtCents: 50_000, debtTypes: ['Publiek'] });
    await step(pathwayId, 'settlement-proposals', { solutionKind: 'Saneringskrediet', vtlbCents: 120_000 });
    await step(pathwayId, 'settlement/reject');
    const before = await outboxCount();
    // when / then
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/settlement/grant`, counsellor, {})).status).toBe(409);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/creditor-responses`, counsellor, { response: 'accepted' })).status).toBe(409);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/phase-transitions`, counsellor, { to: 'aflossing' })).status).toBe(409);
    expect(await outboxCount()).toBe(before);
  });

  it('records outreach and an accepted offer of help on a pathway opened by an early signal', async () => {
    // given
    const signal = await api('POST', '/api/v1/early-signals', counsellor, {
      bsn: randomBsn(),
      signalPartnerType: 'Energie',
      arrearsCents: 30_000,
      arrearsSince: '2026-08-01',
      signalledAt: '2026-10-01',
      warmHandover: false,
    });
    expect(signal.status).toBe(201);
    const pathwayId = signal.body.pathwayId as string;
    // when
    await step(pathwayId, 'contact-attempts', { kind: 'Huisbezoek', reached: true, at: '2026-10-02T09:30:00Z' });
    await step(pathwayId, 'help-offer/acceptance', { at: '2026-10-02T09:45:00Z' });
    // then
    expect(await outboxTypes(pathwayId)).toEqual(['early-signal-received', 'contact-attempted', 'help-offer-accepted']);
    expect(await outboxData(pathwayId, 'help-offer-accepted')).toEqual({ at: '2026-10-02T09:45:00.000Z', collectionPausedUntil: '2026-11-01' });
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/help-offer/decline`, counsellor, {})).status).toBe(409);
  });

  it('starts and ends guidance and crisis interventions by kind', async () => {
    // given
    const pathwayId = await admitted();
    // when
    await step(pathwayId, 'guidance', { kind: 'Lange Termijn Begeleiding (DFD)' });
    await step(pathwayId, 'crisis-interventions', { threat: 'eviction' });
    await step(pathwayId, `guidance/${encodeURIComponent('Lange Termijn Begeleiding (DFD)')}/end`);
    await step(pathwayId, 'crisis-interventions/end');
    // then
    expect((await outboxTypes(pathwayId)).slice(-4)).toEqual(['guidance-started', 'crisis-intervention-started', 'guidance-ended', 'crisis-intervention-ended']);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/guidance/Budgetbeheer/end`, counsellor, {})).status).toBe(409);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/guidance/Babysitting/end`, counsellor, {})).status).toBe(400);
  });

  it('answers 400 with the fields, 401 without a token and 404 for another municipality', async () => {
    const pathwayId = await admitted();
    const invalid = await api('POST', `/api/v1/pathways/${pathwayId}/settlement-proposals`, counsellor, {
      solutionKind: 'Kwijtschelding',
      vtlbCents: -1,
      termMonths: 200,
      extra: true,
    });
    expect(invalid.status).toBe(400);
    for (const field of ['solutionKind', 'vtlbCents', 'termMonths', 'extra']) expect(JSON.stringify(invalid.body)).toMatch(field);
    const future = await api('POST', `/api/v1/pathways/${pathwayId}/plan-of-action`, counsellor, { supportTypes: ['other'], at: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(400);
    const plan = { supportTypes: ['budget-coaching'] };
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/plan-of-action`, undefined, plan)).status).toBe(401);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/plan-of-action`, utrechtCounsellor, plan)).status).toBe(404);
    expect((await api('POST', `/api/v1/pathways/${randomUUID()}/plan-of-action`, counsellor, plan)).status).toBe(404);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/plan-of-action`, counsellor, plan)).status).toBe(201);
  });
});
