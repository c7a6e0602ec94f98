import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import type { KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, EventCodec, sourceFor } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from '../src/app.module';
import { PathwayCommandHandler, type ExistingPathwayCommand } from '../src/application/pathway.command-handler';
import { Bsn } from '../src/domain/bsn';
import type { Crisis, SignalPartnerType } from '../src/domain/pathway/pathway.codes';
import type { DdasSchuldhulptraject } from '../src/domain/ddas/ddas.model';
import shvSchema from '../src/adapters/ddas/json_schema_Uitwisselmodel.json';
import vsSchema from '../src/adapters/ddas/json_schema_Uitwisselmodel.vs-v0.9.json';

const at = (iso: string): Date => new Date(iso);

/** A court liaison event about a pathway: its type (after `court-liaison.`) and data. */
interface CourtEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

interface EarlySignalSpec {
  readonly partner: SignalPartnerType;
  readonly signalledAt: string;
  readonly crisis?: Crisis;
  readonly warm?: boolean;
}

/**
 * What produced one pathway: who, the early signals, the help request, the
 * counsellor's commands and the court liaison's events. The expected figures
 * of the deliveries are computed from these, never from the mapping.
 */
interface Scenario {
  readonly name: string;
  readonly municipality: string;
  readonly signals?: readonly EarlySignalSpec[];
  /** Commands before the help request (outreach after a signal). */
  readonly outreach?: readonly ExistingPathwayCommand[];
  readonly request?: { readonly at: string; readonly crisis?: Crisis };
  readonly commands?: readonly ExistingPathwayCommand[];
  readonly court?: readonly CourtEvent[];
}

const admit = (heldAt: string, decidedAt: string): ExistingPathwayCommand[] => [
  { type: 'hold-first-conversation', heldAt: at(heldAt) },
  { type: 'decide-intake', decision: 'toelating', decidedAt, at: at(`${decidedAt}T12:00:00Z`) },
];

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'settlement refused by a creditor, forced by the court, under moratorium and bewind',
    municipality: 'GM0363',
    request: { at: '2025-02-03T09:00:00Z' },
    commands: [
      ...admit('2025-02-05T09:00:00Z', '2025-02-10'),
      {
        type: 'set-plan-of-action',
        supportTypes: ['budget-coaching', 'debt-settlement'],
        at: at('2025-02-12T09:00:00Z'),
      },
      { type: 'start-stabilisation', at: at('2025-02-13T09:00:00Z') },
      { type: 'start-guidance', kind: 'Budgetcoaching', at: at('2025-02-14T09:00:00Z') },
      { type: 'end-guidance', kind: 'Budgetcoaching', at: at('2025-03-14T09:00:00Z') },
      { type: 'start-guidance', kind: 'Budgetbeheer', at: at('2025-03-15T09:00:00Z') },
      { type: 'reach-stabilisation', at: at('2025-03-17T09:00:00Z') },
      {
        type: 'inventory-debts',
        creditorCount: 1,
        totalDebtCents: 250_000,
        debtTypes: ['Zorg'],
        at: at('2025-03-18T09:00:00Z'),
      },
      {
        type: 'propose-settlement',
        solutionKind: 'Schuldbemiddeling',
        vtlbCents: 140_000,
        termMonths: 18,
        at: at('2025-03-19T09:00:00Z'),
      },
      { type: 'record-creditor-response', response: 'refused', at: at('2025-03-25T09:00:00Z') },
      { type: 'decide-settlement', decision: 'rejected', at: at('2025-04-01T09:00:00Z') },
    ],
    court: [
      { type: 'moratorium-requested', data: { basis: 'Fw-287b', at: '2025-03-20T09:00:00Z' } },
      {
        type: 'moratorium-granted',
        data: { at: '2025-03-21T09:00:00Z', startsAt: '2025-03-21', endsAt: '2025-09-20' },
      },
      { type: 'forced-settlement-requested', data: { at: '2025-04-10T09:00:00Z' } },
      { type: 'forced-settlement-decided', data: { at: '2025-05-01T09:00:00Z', outcome: 'granted' } },
      { type: 'protective-administration-requested', data: { at: '2025-04-02T09:00:00Z' } },
      { type: 'protective-administration-ordered', data: { at: '2025-04-15T09:00:00Z' } },
    ],
  },
  {
    name: 'an eviction averted, then the resident did not show up',
    municipality: 'GM0363',
    request: { at: '2025-06-02T09:00:00Z', crisis: { type: 'eviction' } },
    commands: [
      { type: 'start-crisis-intervention', threat: 'eviction', at: at('2025-06-02T10:00:00Z') },
      { type: 'hold-first-conversation', heldAt: at('2025-06-03T09:00:00Z') },
      { type: 'end-crisis-intervention', threat: 'eviction', at: at('2025-06-10T09:00:00Z') },
      { type: 'close-pathway', reason: 'Nietverschenen', at: at('2025-07-01T09:00:00Z') },
    ],
    court: [{ type: 'provisional-measure-granted', data: { at: '2025-06-03T09:00:00Z', endsAt: '2025-07-03' } }],
  },
  {
    name: 'admitted, then dropped out',
    municipality: 'GM0363',
    request: { at: '2025-04-07T09:00:00Z' },
    commands: [
      ...admit('2025-04-09T09:00:00Z', '2025-04-14'),
      { type: 'close-pathway', reason: 'Zelf', at: at('2025-05-02T09:00:00Z') },
    ],
  },
  {
    name: 'an energy signal, reached on the second try, help accepted and requested',
    municipality: 'GM0363',
    signals: [{ partner: 'Energie', signalledAt: '2025-03-01' }],
    outreach: [
      { type: 'attempt-contact', kind: 'Brief', reached: false, at: at('2025-03-03T08:00:00Z') },
      { type: 'attempt-contact', kind: 'Telefoon', reached: true, at: at('2025-03-04T13:00:00Z') },
      { type: 'answer-help-offer', answer: 'accepted', at: at('2025-03-04T13:15:00Z') },
    ],
    request: { at: '2025-03-10T09:00:00Z' },
  },
  {
    name: 'a rent signal, a home visit, help declined',
    municipality: 'GM0363',
    signals: [{ partner: 'Huur', signalledAt: '2025-03-05' }],
    outreach: [
      { type: 'attempt-contact', kind: 'Huisbezoek', reached: true, at: at('2025-03-07T14:00:00Z') },
      { type: 'answer-help-offer', answer: 'declined', at: at('2025-03-07T14:30:00Z') },
    ],
  },
  {
    name: 'two signals nobody acted on yet, one a crisis handed over warmly',
    municipality: 'GM0363',
    signals: [
      { partner: 'Energie', signalledAt: '2025-04-01', crisis: { type: 'energy' }, warm: true },
      { partner: 'Water', signalledAt: '2025-04-03' },
    ],
  },
  {
    name: "another municipality's pathway with a moratorium",
    municipality: 'GM0344',
    request: { at: '2025-03-03T09:00:00Z' },
    signals: [{ partner: 'Zorg', signalledAt: '2025-03-04' }],
    court: [{ type: 'moratorium-requested', data: { basis: 'Wgs-5', at: '2025-03-05T09:00:00Z' } }],
  },
];

/**
 * Both DDAS deliveries over HTTP on a real PostgreSQL database, with court
 * instruments arriving from the court liaison through the dev broker: the
 * documents validate against the official schemas (compiled here,
 * independently of the service), and their figures are those of the
 * scenarios that produced them.
 */
describe('municipality DDAS deliveries from pathways, early signals and court instruments', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let counsellor: string;
  let db: Client;
  const kafka = new Kafka({ clientId: 'municipality.ddas.int', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const pathwayOf = new Map<string, string>();
  const compile = (schema: object) => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    return ajv.compile(schema);
  };
  const validShv = compile(shvSchema);
  const validVs = compile(vsSchema);
  let unknownPathwayEventId = '';

  const publishCourt = async (pathwayId: string, event: CourtEvent): Promise<string> => {
    const built = buildEvent({
      type: `nl.ketenpad.court-liaison.${event.type}.v1` as KetenpadEventType,
      source: sourceFor('court-liaison', 'RB-AMS'),
      pathwayId,
      data: event.data as never,
    });
    await producer.send({
      topic: 'court-liaison.events.v1',
      acks: -1,
      messages: [{ key: pathwayId, value: EventCodec.shared().encode(built), headers: { id: built.id } }],
    });
    return built.id;
  };

  const processed = (eventId: string) =>
    waitFor(
      async () =>
        (await db.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rows.length > 0 ? true : undefined,
      {
        timeoutMs: 30_000,
        description: `court event ${eventId} in the municipality inbox`,
      },
    );

  const play = async (handler: PathwayCommandHandler, scenario: Scenario): Promise<string> => {
    const bsn = Bsn.parse(randomBsn());
    let pathwayId: string | undefined;
    for (const signal of scenario.signals ?? []) {
      const { state } = await handler.forResident(
        scenario.municipality,
        { bsn, contact: {} },
        {
          type: 'receive-early-signal',
          signalPartnerType: signal.partner,
          arrearsCents: 40_000,
          arrearsSince: '2025-01-15',
          signalledAt: signal.signalledAt,
          crisis: signal.crisis ?? null,
          warmHandover: signal.warm ?? false,
          receivedAt: at(`${signal.signalledAt}T08:00:00Z`),
        },
      );
      pathwayId = state.pathwayId;
    }
    for (const command of scenario.outreach ?? []) await handler.execute(scenario.municipality, pathwayId!, command);
    if (scenario.request) {
      const { state } = await handler.forResident(
        scenario.municipality,
        { bsn, contact: {} },
        {
          type: 'register-help-request',
          channel: scenario.signals ? 'vroegsignaal' : 'balie',
          requestedAt: at(scenario.request.at),
          crisis: scenario.request.crisis ?? null,
        },
      );
      pathwayId = state.pathwayId;
    }
    for (const command of scenario.commands ?? []) await handler.execute(scenario.municipality, pathwayId!, command);
    return pathwayId!;
  };

  beforeAll(async () => {
    database = await createTestDatabase('municipality_ddas_deliveries');
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
        databaseName: database.name,
      }),
      inbox: municipalityInbox(),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    counsellor = await (await DevIssuer.open()).issueFor('GM0363', ['counsellor']);
    db = new Client({ connectionString: database.url });
    await db.connect();
    await producer.connect();
    const handler = app.get(PathwayCommandHandler);
    const courtEventIds: string[] = [];
    for (const scenario of SCENARIOS) {
      const pathwayId = await play(handler, scenario);
      pathwayOf.set(scenario.name, pathwayId);
      for (const event of scenario.court ?? []) courtEventIds.push(await publishCourt(pathwayId, event));
    }
    // A court case on a pathway the municipality does not have (e.g. opened on a GP's pathway).
    unknownPathwayEventId = await publishCourt(randomUUID(), {
      type: 'wsnp-petition-filed',
      data: { at: '2025-05-01T09:00:00Z' },
    });
    for (const id of [...courtEventIds, unknownPathwayEventId]) await processed(id);
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  const download = async (path: string) => {
    const res = await fetch(`${baseUrl}/api/v1/exports/${path}`, {
      headers: { authorization: `Bearer ${counsellor}` },
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  const amsterdam = SCENARIOS.filter((s) => s.municipality === 'GM0363');
  const commandsOf = (s: Scenario) => [...(s.outreach ?? []), ...(s.commands ?? [])];
  const courtOf = (s: Scenario, type: string) => (s.court ?? []).filter((e) => e.type === type).length;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const tally = (values: ReadonlyArray<string | undefined>) =>
    values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }), {});

  it('serves a 2025 DDAS SHV delivery that validates against the official v1.0 schema', async () => {
    // when
    const res = await download('ddas?from=2025-01-01&to=2025-12-31');
    // then
    expect(res.status).toBe(200);
    expect(validShv(res.body)).toBe(true);
    expect(validShv.errors ?? null).toBeNull();
  });

  it('reports per phase, instrument, guidance and outflow reason the figures of the pathways that produced it', async () => {
    // given what the scenarios did
    const withRequest = amsterdam.filter((s) => s.request);
    const did = (type: ExistingPathwayCommand['type']) =>
      withRequest.filter((s) => commandsOf(s).some((c) => c.type === type)).length;
    const expected = {
      trajecten: withRequest.length,
      crisisAtAanmelding: withRequest.filter((s) => s.request!.crisis).length,
      intake: did('hold-first-conversation'),
      beschikking: did('decide-intake'),
      planVanAanpak: did('set-plan-of-action'),
      stabilisatie: did('start-stabilisation'),
      crisisinterventies: sum(
        withRequest.map((s) => commandsOf(s).filter((c) => c.type === 'start-crisis-intervention').length),
      ),
      begeleiding: sum(
        withRequest.map(
          (s) =>
            commandsOf(s).filter((c) => c.type === 'start-guidance').length +
            courtOf(s, 'protective-administration-ordered'),
        ),
      ),
      schulden: sum(
        withRequest.map((s) => commandsOf(s).flatMap((c) => (c.type === 'inventory-debts' ? c.debtTypes : [])).length),
      ),
      moratoria: sum(withRequest.map((s) => courtOf(s, 'moratorium-requested'))),
      voorlopigeVoorzieningen: sum(withRequest.map((s) => courtOf(s, 'provisional-measure-granted'))),
      dwangakkoorden: sum(withRequest.map((s) => courtOf(s, 'forced-settlement-decided'))),
      uitstroom: tally(
        withRequest.flatMap((s) => commandsOf(s).flatMap((c) => (c.type === 'close-pathway' ? [c.reason] : []))),
      ),
    };
    // when
    const { body } = await download('ddas?from=2025-01-01&to=2025-12-31');
    const trajecten: DdasSchuldhulptraject[] = body.leveringen[0].schuldhulptrajecten;
    const present = (key: keyof DdasSchuldhulptraject) => trajecten.filter((t) => t[key] !== undefined).length;
    const items = (key: keyof DdasSchuldhulptraject) =>
      sum(trajecten.map((t) => (t[key] as readonly unknown[] | undefined)?.length ?? 0));
    // then
    expect({
      trajecten: trajecten.length,
      crisisAtAanmelding: trajecten.filter((t) => t.aanmelding?.crisisinterventie === true).length,
      intake: present('intake'),
      beschikking: trajecten.filter((t) => t.intake?.beschikkingssoort).length,
      planVanAanpak: present('planVanAanpak'),
      stabilisatie: present('stabilisatie'),
      crisisinterventies: items('crisisinterventies'),
      begeleiding: items('begeleiding'),
      schulden: items('schulden'),
      moratoria: items('moratoria'),
      voorlopigeVoorzieningen: items('voorlopigeVoorzieningen'),
      dwangakkoorden: trajecten.filter((t) => t.schuldregeling?.dwangakkoord !== undefined).length,
      uitstroom: tally(trajecten.flatMap((t) => (t.uitstroom ? [t.uitstroom.reden] : []))),
    }).toEqual(expected);
    expect(expected).toMatchObject({
      trajecten: 4,
      begeleiding: 3,
      moratoria: 1,
      voorlopigeVoorzieningen: 1,
      dwangakkoorden: 1,
    });
  });

  it('carries the court instruments and the ended guidance of a pathway with their dates', async () => {
    // when
    const { body } = await download('ddas?from=2025-01-01&to=2025-12-31');
    const [forced] = body.leveringen[0].schuldhulptrajecten;
    // then
    expect(forced.moratoria).toEqual([
      {
        datumAanvraag: '2025-03-20',
        datumGoedkeuring: '2025-03-21',
        startdatum: '2025-03-21',
        einddatum: '2025-09-20',
      },
    ]);
    expect(forced.schuldregeling).toEqual({
      datum: '2025-03-19',
      afgewezen: '2025-04-01',
      datumVerzoekDwangakkoord: '2025-04-10',
      dwangakkoord: true,
    });
    expect(forced.begeleiding).toEqual([
      { soort: 'Budgetcoaching', startdatum: '2025-02-14', einddatum: '2025-03-14' },
      { soort: 'Budgetbeheer', startdatum: '2025-03-15' },
      { soort: 'Beschermingsbewind', startdatum: '2025-04-15' },
    ]);
    expect(forced.schulden).toEqual([{ bedrag: 2500, peildatum: '2025-03-18', schuldsoort: 'Zorg' }]);
  });

  it("records no court fact for a pathway it does not have, and reports no other municipality's instruments", async () => {
    // when
    const { rows } = await db.query<{ municipality_code: string; n: string }>(
      'SELECT municipality_code, count(*) AS n FROM court_fact GROUP BY municipality_code ORDER BY municipality_code',
    );
    // then the unknown pathway's event was consumed (inbox) but left no fact
    expect(rows).toEqual([
      { municipality_code: 'GM0344', n: '1' },
      { municipality_code: 'GM0363', n: String(sum(amsterdam.map((s) => (s.court ?? []).length))) },
    ]);
  });

  it('serves an early-signal delivery that validates against the official v0.9 schema, without personal data', async () => {
    // when
    const res = await download('ddas/early-signals?from=2025-01-01&to=2025-12-31');
    // then
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="ddas-vs-GM0363-2025-01-01-2025-12-31.json"',
    );
    expect(validVs(res.body)).toBe(true);
    expect(validVs.errors ?? null).toBeNull();
    expect(
      res.body.leveringen[0].vroegsignalen.every((s: { client: object }) => Object.keys(s.client).length === 0),
    ).toBe(true);
  });

  it('reports early signals per partner type, crisis and warm hand-over, and the outcomes, as the scenarios produced them', async () => {
    // given what the scenarios did
    const signals = amsterdam.flatMap((s) => s.signals ?? []);
    const signalledScenarios = amsterdam.filter((s) => s.signals);
    const answer = (s: Scenario) =>
      (s.outreach ?? []).flatMap((c) => (c.type === 'answer-help-offer' ? [c.answer] : []))[0];
    const expected = {
      perPartnerType: tally(signals.map((s) => s.partner)),
      crisis: signals.filter((s) => s.crisis).length,
      warm: signals.filter((s) => s.warm).length,
      zaken: signalledScenarios.length,
      contactpogingen: sum(
        signalledScenarios.map((s) => (s.outreach ?? []).filter((c) => c.type === 'attempt-contact').length),
      ),
      resultaten: tally(
        signalledScenarios.flatMap((s) =>
          s.request || answer(s) === 'accepted'
            ? ['Vervolghulp en/of verwijzing financieel']
            : answer(s) === 'declined'
              ? ['Inwoner hoeft geen hulp vanuit vroegsignalering']
              : [],
        ),
      ),
      nietOpgepakt: sum(signalledScenarios.filter((s) => !s.outreach && !s.request).map((s) => s.signals!.length)),
    };
    // when
    const { body } = await download('ddas/early-signals?from=2025-01-01&to=2025-12-31');
    const { vroegsignalen, vroegsignaalzaken } = body.leveringen[0];
    // then
    expect({
      perPartnerType: tally(vroegsignalen.map((s: { signaalpartner: { type: string } }) => s.signaalpartner.type)),
      crisis: vroegsignalen.filter((s: { crisissignaal: boolean }) => s.crisissignaal).length,
      warm: vroegsignalen.filter((s: { warmeOverdracht: boolean }) => s.warmeOverdracht).length,
      zaken: vroegsignaalzaken.length,
      contactpogingen: sum(
        vroegsignaalzaken.map((z: { contactpogingen?: unknown[] }) => z.contactpogingen?.length ?? 0),
      ),
      resultaten: tally(vroegsignaalzaken.flatMap((z: { resultaat?: string }) => (z.resultaat ? [z.resultaat] : []))),
      nietOpgepakt: vroegsignalen.filter((s: { status?: string }) => s.status === 'Nog niet opgepakt').length,
    }).toEqual(expected);
    expect(expected.perPartnerType).toEqual({ Energie: 2, Huur: 1, Water: 1 });
  });

  it('links every signal to its zaak and reports the contact attempts with day and part of the day', async () => {
    // when
    const { body } = await download('ddas/early-signals?from=2025-03-01&to=2025-03-31');
    const { vroegsignalen, vroegsignaalzaken } = body.leveringen[0];
    const reached = pathwayOf.get('an energy signal, reached on the second try, help accepted and requested')!;
    // then only the two March signals, each in its own zaak
    expect(vroegsignalen.map((s: { ID: string }) => s.ID)).toEqual([
      `${reached}-1`,
      `${pathwayOf.get('a rent signal, a home visit, help declined')!}-1`,
    ]);
    expect(vroegsignaalzaken[0]).toEqual({
      resultaat: 'Vervolghulp en/of verwijzing financieel',
      datum_opgepakt: '2025-03-03',
      vroegsignalen: [{ ID: `${reached}-1` }],
      contactpogingen: [
        { soort: 'Brief', bereikt: false, datum: '2025-03-03', dagdeel: 'Ochtend' },
        { soort: 'Telefoon', bereikt: true, datum: '2025-03-04', dagdeel: 'Middag' },
      ],
    });
  });

  it.each([
    ['from after to', '?from=2025-12-31&to=2025-01-01', 'from', /from must not be after to/],
    ['a day that does not exist', '?from=2025-01-01&to=2025-02-30', 'to', /to must be a date/],
    ['a period over one year', '?from=2025-01-01&to=2026-01-01', 'to', /at most one year/],
  ])('answers the early-signal export with a field-level 400 for %s', async (_case, query, field, message) => {
    // when
    const res = await download(`ddas/early-signals${query}`);
    // then
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field, messages: [expect.stringMatching(message)] }]);
  });

  it('answers the early-signal export 403 for a role other than counsellor', async () => {
    // given
    const coordinator = await (await DevIssuer.open()).issueFor('KR-001', ['coordinator']);
    // when
    const res = await fetch(`${baseUrl}/api/v1/exports/ddas/early-signals?from=2025-01-01&to=2025-12-31`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    // then
    expect(res.status).toBe(403);
  });
});
