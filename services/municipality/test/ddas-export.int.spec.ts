import type { INestApplication } from '@nestjs/common';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DevIssuer } from '@ketenpad/auth';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, MUNICIPALITY_API } from '../src/app.module';
import { PathwayCommandHandler, type ExistingPathwayCommand } from '../src/application/pathway.command-handler';
import { Bsn } from '../src/domain/bsn';
import type { Crisis } from '../src/domain/pathway/pathway.codes';
import officialSchema from '../src/adapters/ddas/json_schema_Uitwisselmodel.json';

const at = (iso: string): Date => new Date(iso);

/**
 * The DDAS export over HTTP on a real PostgreSQL database: pathways created
 * through the command handler come out as DDAS SHV v1.0 schuldhulptrajecten
 * that validate against the official schema, with the figures of the pathways
 * that produced them.
 */
describe('municipality DDAS export (GET /api/v1/exports/ddas)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let counsellor: string;
  let utrechtCounsellor: string;
  let socialWorker: string;
  let handler: PathwayCommandHandler;
  // The test's own validator, compiled from the official schema independently of the service's.
  const officialValidate = (() => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    return ajv.compile(officialSchema);
  })();
  const ids = { settled: '', droppedOut: '', crisis: '', closedIn2024: '', utrecht: '', signalled: '' };

  const open = async (municipality: string, requestedAt: string, crisis: Crisis | null = null): Promise<string> => {
    const { state } = await handler.forResident(municipality, { bsn: Bsn.parse(randomBsn()), contact: {} }, {
      type: 'register-help-request',
      channel: 'balie',
      requestedAt: at(requestedAt),
      crisis,
    });
    return state.pathwayId;
  };
  const run = async (pathwayId: string, commands: readonly ExistingPathwayCommand[], municipality = 'GM0363'): Promise<void> => {
    for (const command of commands) await handler.execute(municipality, pathwayId, command);
  };
  const admit = (heldAt: string, decidedAt: string): ExistingPathwayCommand[] => [
    { type: 'hold-first-conversation', heldAt: at(heldAt) },
    { type: 'decide-intake', decision: 'toelating', decidedAt, at: at(`${decidedAt}T12:00:00Z`) },
  ];

  beforeAll(async () => {
    database = await createTestDatabase('municipality_ddas_export');
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url }, databaseName: database.name }),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    utrechtCounsellor = await issuer.issueFor('GM0344', ['counsellor']);
    socialWorker = await issuer.issueFor('SW-AMS', ['social-worker']);
    handler = app.get(PathwayCommandHandler);

    // A whole trajectory: schuldbemiddeling granted, repaid, aftercare, closed Afgerond.
    ids.settled = await open('GM0363', '2025-02-03T09:00:00Z');
    await run(ids.settled, [
      ...admit('2025-02-05T09:00:00Z', '2025-02-10'),
      { type: 'set-plan-of-action', supportTypes: ['budget-management', 'debt-settlement'], at: at('2025-02-12T09:00:00Z') },
      { type: 'start-stabilisation', at: at('2025-02-13T09:00:00Z') },
      { type: 'start-guidance', kind: 'Budgetbeheer', at: at('2025-02-14T09:00:00Z') },
      { type: 'reach-stabilisation', at: at('2025-03-01T09:00:00Z') },
      { type: 'inventory-debts', creditorCount: 3, totalDebtCents: 1_845_000, debtTypes: ['Nuts', 'Zorg'], at: at('2025-03-03T09:00:00Z') },
      { type: 'propose-settlement', solutionKind: 'Schuldbemiddeling', vtlbCents: 145_000, termMonths: 18, at: at('2025-03-05T09:00:00Z') },
      { type: 'record-creditor-response', response: 'accepted', at: at('2025-03-10T09:00:00Z') },
      { type: 'decide-settlement', decision: 'granted', at: at('2025-03-20T09:00:00Z') },
      { type: 'start-repayment', at: at('2025-04-01T09:00:00Z') },
      { type: 'complete-repayment', at: at('2025-09-30T09:00:00Z') },
      { type: 'start-aftercare', at: at('2025-10-01T09:00:00Z') },
      { type: 'end-aftercare', at: at('2025-10-31T09:00:00Z') },
      { type: 'close-pathway', reason: 'Afgerond', at: at('2025-11-03T09:00:00Z') },
    ]);
    // Admitted, then the resident dropped out (uitstroom Zelf).
    ids.droppedOut = await open('GM0363', '2025-04-07T09:00:00Z');
    await run(ids.droppedOut, [...admit('2025-04-09T09:00:00Z', '2025-04-14'), { type: 'close-pathway', reason: 'Zelf', at: at('2025-05-02T09:00:00Z') }]);
    // A crisis (eviction): intervention started, still running, first conversation held.
    ids.crisis = await open('GM0363', '2025-06-02T09:00:00Z', { type: 'eviction' });
    await run(ids.crisis, [
      { type: 'start-crisis-intervention', threat: 'eviction', at: at('2025-06-02T10:00:00Z') },
      { type: 'hold-first-conversation', heldAt: at('2025-06-03T09:00:00Z') },
    ]);
    // Outside the 2025 export: closed in 2024, another municipality, only an early signal.
    ids.closedIn2024 = await open('GM0363', '2024-03-01T09:00:00Z');
    await run(ids.closedIn2024, [{ type: 'close-pathway', reason: 'Ingetrokken', at: at('2024-04-01T09:00:00Z') }]);
    ids.utrecht = await open('GM0344', '2025-03-03T09:00:00Z');
    const signalled = await handler.forResident('GM0363', { bsn: Bsn.parse(randomBsn()), contact: {} }, {
      type: 'receive-early-signal',
      signalPartnerType: 'Energie',
      arrearsCents: 25_000,
      arrearsSince: '2025-01-15',
      signalledAt: '2025-03-01',
      crisis: null,
      warmHandover: false,
      receivedAt: at('2025-03-01T09:00:00Z'),
    });
    ids.signalled = signalled.state.pathwayId;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const download = async (query: string, token: string | null = counsellor) => {
    const res = await fetch(`${baseUrl}/api/v1/exports/ddas${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  it('serves the year as a DDAS attachment that validates against the official schema', async () => {
    // when
    const res = await download('?from=2025-01-01&to=2025-12-31');
    // then
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ddas-GM0363-2025-01-01-2025-12-31.json"');
    expect(officialValidate(res.body)).toBe(true);
    expect(officialValidate.errors ?? null).toBeNull();
    expect(res.body).toMatchObject({
      startdatumLevering: '2025-01-01',
      einddatumLevering: '2025-12-31',
      codeGegevensleverancier: 'KETENPAD',
      leveringen: [{ teller: 1, aanleverende_organisatie: { gemeentecode: 'GM0363' } }],
    });
    expect(Date.parse(res.body.aanleverdatumEnTijd)).not.toBeNaN();
  });

  it('holds exactly the three 2025 pathways of the municipality, earliest aanmelding first, with their figures', async () => {
    // when
    const { body } = await download('?from=2025-01-01&to=2025-12-31');
    const trajecten = body.leveringen[0].schuldhulptrajecten;
    // then: not the one closed in 2024, not Utrecht's, not the early-signal-only pathway
    expect(trajecten).toHaveLength(3);
    const [settled, droppedOut, crisis] = trajecten;
    expect(settled).toEqual({
      gemeentecode: 'GM0363',
      startdatum: '2025-02-03',
      einddatum: '2025-11-03',
      toekenningsdatum: '2025-02-10',
      totaalSchuldbedragBijAanvangSchuld: 18_450,
      aanmelding: { crisisinterventie: false, startdatum: '2025-02-03', einddatum: '2025-02-05' },
      intake: { startdatum: '2025-02-05', einddatum: '2025-02-10', beschikkingsdatum: '2025-02-10', beschikkingssoort: 'Toelatingsbeschikking' },
      planVanAanpak: { datumAfronding: '2025-02-12' },
      stabilisatie: { startdatum: '2025-02-13', einddatum: '2025-03-01' },
      begeleiding: [{ soort: 'Budgetbeheer', startdatum: '2025-02-14' }],
      // three creditors over two kinds: one schuld per kind, no amount per schuld (only the total is known)
      schulden: [{ peildatum: '2025-03-03', schuldsoort: 'Nuts' }, { peildatum: '2025-03-03', schuldsoort: 'Zorg' }],
      schuldregeling: { datum: '2025-03-05', toegekend: '2025-03-20' },
      oplossing: { soort: 'Schuldbemiddeling', vtlb: 1450, startdatum: '2025-04-01', einddatum: '2025-09-30' },
      nazorg: { startdatum: '2025-10-01', einddatum: '2025-10-31' },
      uitstroom: { datum: '2025-11-03', reden: 'Afgerond' },
    });
    expect(droppedOut).toMatchObject({ startdatum: '2025-04-07', einddatum: '2025-05-02', uitstroom: { datum: '2025-05-02', reden: 'Zelf' } });
    expect(droppedOut.oplossing).toBeUndefined();
    expect(crisis).toEqual({
      gemeentecode: 'GM0363',
      startdatum: '2025-06-02',
      aanmelding: { crisisinterventie: true, startdatum: '2025-06-02', einddatum: '2025-06-03' },
      intake: { startdatum: '2025-06-03' },
      crisisinterventies: [{ startdatum: '2025-06-02' }],
    });
    // and no personal data: the schema does not require a client
    expect(JSON.stringify(body)).not.toMatch(/client|Burgerservicenummer/);
    const uitstroomReasons = trajecten.filter((t: { uitstroom?: unknown }) => t.uitstroom).map((t: { uitstroom: { reden: string } }) => t.uitstroom.reden);
    expect(uitstroomReasons).toEqual(['Afgerond', 'Zelf']);
  });

  it('leaves out a pathway closed before the period and keeps one closed on its first day', async () => {
    // when
    const fromThirdOfMay = await download('?from=2025-05-03&to=2025-12-31');
    const fromSecondOfMay = await download('?from=2025-05-02&to=2025-12-31');
    const only2024 = await download('?from=2024-01-01&to=2024-12-31');
    // then
    expect(fromThirdOfMay.body.leveringen[0].schuldhulptrajecten.map((t: { startdatum: string }) => t.startdatum)).toEqual(['2025-02-03', '2025-06-02']);
    expect(fromSecondOfMay.body.leveringen[0].schuldhulptrajecten).toHaveLength(3);
    expect(only2024.body.leveringen[0].schuldhulptrajecten).toEqual([
      { gemeentecode: 'GM0363', startdatum: '2024-03-01', einddatum: '2024-04-01', aanmelding: { crisisinterventie: false, startdatum: '2024-03-01', einddatum: '2024-04-01' }, uitstroom: { datum: '2024-04-01', reden: 'Ingetrokken' } },
    ]);
    expect(officialValidate(only2024.body)).toBe(true);
  });

  it('serves an empty but valid delivery for a period without pathways', async () => {
    // when
    const res = await download('?from=2023-01-01&to=2023-06-30');
    // then
    expect(res.status).toBe(200);
    expect(res.body.leveringen[0].schuldhulptrajecten).toEqual([]);
    expect(officialValidate(res.body)).toBe(true);
  });

  it("gives another municipality's counsellor only that municipality's pathways", async () => {
    // when
    const res = await download('?from=2025-01-01&to=2025-12-31', utrechtCounsellor);
    // then
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ddas-GM0344-2025-01-01-2025-12-31.json"');
    expect(res.body.leveringen[0].aanleverende_organisatie).toEqual({ gemeentecode: 'GM0344' });
    expect(res.body.leveringen[0].schuldhulptrajecten).toEqual([
      { gemeentecode: 'GM0344', startdatum: '2025-03-03', aanmelding: { crisisinterventie: false, startdatum: '2025-03-03' } },
    ]);
  });

  it.each([
    ['a missing to', '?from=2025-01-01', /to must be a date/],
    ['a from that is no date', '?from=01-01-2025&to=2025-12-31', /from must be a date/],
    ['a day that does not exist', '?from=2025-02-30&to=2025-12-31', /from must be a date/],
    ['from after to', '?from=2025-12-31&to=2025-01-01', /from must not be after to/],
    ['a period over one year', '?from=2025-01-01&to=2026-01-01', /at most one year/],
    ['an unknown parameter', '?from=2025-01-01&to=2025-12-31&format=csv', /format/],
  ])('answers 400 for %s', async (_case, query, message) => {
    // when
    const res = await download(query);
    // then
    expect(res.status).toBe(400);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('answers 401 without a token and 403 for a role other than counsellor', async () => {
    // when
    const anonymous = await download('?from=2025-01-01&to=2025-12-31', null);
    const wrongRole = await download('?from=2025-01-01&to=2025-12-31', socialWorker);
    // then
    expect(anonymous.status).toBe(401);
    expect(wrongRole.status).toBe(403);
  });
});
