import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDate } from '@ketenpad/calendar';
import { courtInstrumentsOf } from '../court/court-instrument.history';
import { INITIAL_TRAJECTORY, initialPathwayState, type PathwayState, type Trajectory } from '../pathway/pathway.state';
import { ddasDelivery, refusedExportPeriod, schulden, toSchuldhulptraject, wasActiveIn } from './ddas-export.mapping';

const ID = '7d0f1c1e-6a43-4a43-9d63-1f1ad7c1a001';

/** A pathway with a help request on 3 March 2025 (10:00 Amsterdam), nothing else yet. */
function requested(overrides: Partial<PathwayState> = {}, trajectory: Partial<Trajectory> = {}): PathwayState {
  return {
    ...initialPathwayState(ID, 'GM0363'),
    status: 'open',
    phase: 'aanmelding',
    requestedAt: '2025-03-03T09:00:00.000Z',
    channel: 'balie',
    firstConversationDue: '2025-03-17',
    ...overrides,
    trajectory: { ...INITIAL_TRAJECTORY, ...trajectory },
  };
}

const period = (from: string, to: string) => ({ from: LocalDate.parse(from), to: LocalDate.parse(to) });

describe('DDAS export mapping (pathway state -> DDAS SHV v1.0 schuldhulptraject)', () => {
  it('maps a fresh aanmelding to gemeentecode, start dates and crisisinterventie false, and nothing it does not know', () => {
    // given / when
    const traject = toSchuldhulptraject(requested());
    // then
    expect(traject).toEqual({
      gemeentecode: 'GM0363',
      startdatum: '2025-03-03',
      aanmelding: { crisisinterventie: false, startdatum: '2025-03-03' },
    });
  });

  it('takes the Amsterdam calendar date of an instant, not the UTC date', () => {
    // given a help request at 23:30 UTC on 2 March, which is 00:30 on 3 March in Amsterdam
    const traject = toSchuldhulptraject(requested({ requestedAt: '2025-03-02T23:30:00.000Z' }));
    // then
    expect(traject.startdatum).toBe('2025-03-03');
  });

  it('marks a crisis at the aanmelding and lists every crisis intervention, ended ones with their end', () => {
    // given
    const state = requested(
      { crisis: { type: 'eviction' } },
      {
        crisisInterventions: { energy: '2025-03-05T08:00:00.000Z' },
        crisisInterventionHistory: [
          { kind: 'eviction', startedAt: '2025-03-04T08:00:00.000Z', endedAt: '2025-03-20T08:00:00.000Z' },
          { kind: 'energy', startedAt: '2025-03-05T08:00:00.000Z', endedAt: null },
        ],
      },
    );
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.aanmelding?.crisisinterventie).toBe(true);
    expect(traject.crisisinterventies).toEqual([
      { startdatum: '2025-03-04', einddatum: '2025-03-20' },
      { startdatum: '2025-03-05' },
    ]);
  });

  it('reports only the crisis interventions and guidance that ran during the period', () => {
    // given an intervention and a guidance that ended in 2024, and ones that ran into or started in 2025
    const state = requested(
      { requestedAt: '2024-10-01T09:00:00.000Z' },
      {
        crisisInterventionHistory: [
          { kind: 'eviction', startedAt: '2024-10-01T09:00:00.000Z', endedAt: '2024-11-01T09:00:00.000Z' },
          { kind: 'energy', startedAt: '2024-12-01T09:00:00.000Z', endedAt: '2025-01-01T09:00:00.000Z' },
        ],
        guidanceHistory: [
          { kind: 'Budgetcoaching', startedAt: '2024-10-02T09:00:00.000Z', endedAt: '2024-12-31T09:00:00.000Z' },
          { kind: 'Budgetbeheer', startedAt: '2025-01-02T09:00:00.000Z', endedAt: null },
          { kind: 'Budgetcoaching', startedAt: '2026-01-05T09:00:00.000Z', endedAt: null },
        ],
      },
    );
    // when
    const traject = toSchuldhulptraject(state, undefined, period('2025-01-01', '2025-12-31'));
    // then
    expect(traject.crisisinterventies).toEqual([{ startdatum: '2024-12-01', einddatum: '2025-01-01' }]);
    expect(traject.begeleiding).toEqual([{ soort: 'Budgetbeheer', startdatum: '2025-01-02' }]);
  });

  it('maps the first conversation and the toelating to aanmelding end, intake, beschikking and toekenningsdatum', () => {
    // given
    const state = requested({
      phase: 'plan-van-aanpak',
      firstConversationHeldAt: '2025-03-10T10:00:00.000Z',
      intakeDecision: 'Toelatingsbeschikking',
      intakeDecidedAt: '2025-03-20',
    });
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.aanmelding).toEqual({ crisisinterventie: false, startdatum: '2025-03-03', einddatum: '2025-03-10' });
    expect(traject.intake).toEqual({
      startdatum: '2025-03-10',
      einddatum: '2025-03-20',
      beschikkingsdatum: '2025-03-20',
      beschikkingssoort: 'Toelatingsbeschikking',
    });
    expect(traject.toekenningsdatum).toBe('2025-03-20');
  });

  it('gives an afwijzing no toekenningsdatum but reports the afwijzingsbeschikking and the uitstroom', () => {
    // given
    const state = requested({
      status: 'closed',
      phase: 'uitstroom',
      firstConversationHeldAt: '2025-03-10T10:00:00.000Z',
      intakeDecision: 'Afwijzingsbeschikking',
      intakeDecidedAt: '2025-03-20',
      closure: { reason: 'Voldoet niet', phaseAtClose: 'intake', at: '2025-03-20T12:00:00.000Z' },
    });
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.toekenningsdatum).toBeUndefined();
    expect(traject.intake?.beschikkingssoort).toBe('Afwijzingsbeschikking');
    expect(traject.einddatum).toBe('2025-03-20');
    expect(traject.uitstroom).toEqual({ datum: '2025-03-20', reden: 'Voldoet niet' });
  });

  it('ends the aanmelding at the uitstroom when the pathway closed before any first conversation', () => {
    // given
    const state = requested({
      status: 'closed',
      closure: { reason: 'Nietverschenen', phaseAtClose: 'aanmelding', at: '2025-03-25T09:00:00.000Z' },
    });
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.aanmelding?.einddatum).toBe('2025-03-25');
    expect(traject.intake).toBeUndefined();
  });

  it('maps plan, stabilisation, every guidance, debts in whole euros and aftercare', () => {
    // given
    const state = requested(
      { phase: 'nazorg' },
      {
        planOfAction: { supportTypes: ['budget-management'], at: '2025-03-24T09:00:00.000Z' },
        stabilisation: { startedAt: '2025-03-25T09:00:00.000Z', endedAt: '2025-04-30T09:00:00.000Z' },
        guidance: { Budgetbeheer: '2025-03-26T09:00:00.000Z' },
        guidanceHistory: [
          { kind: 'Budgetcoaching', startedAt: '2025-03-25T09:00:00.000Z', endedAt: '2025-04-15T09:00:00.000Z' },
          { kind: 'Budgetbeheer', startedAt: '2025-03-26T09:00:00.000Z', endedAt: null },
        ],
        debts: {
          creditorCount: 4,
          totalDebtCents: 1_234_550,
          debtTypes: ['Zorg', 'Nuts'],
          at: '2025-04-01T09:00:00.000Z',
        },
        aftercare: { startedAt: '2025-05-01T09:00:00.000Z', endedAt: null },
      },
    );
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.planVanAanpak).toEqual({ datumAfronding: '2025-03-24' });
    expect(traject.stabilisatie).toEqual({ startdatum: '2025-03-25', einddatum: '2025-04-30' });
    expect(traject.begeleiding).toEqual([
      { soort: 'Budgetcoaching', startdatum: '2025-03-25', einddatum: '2025-04-15' },
      { soort: 'Budgetbeheer', startdatum: '2025-03-26' },
    ]);
    expect(traject.totaalSchuldbedragBijAanvangSchuld).toBe(12_346);
    // four creditors over two kinds: the split of the total is unknown, so no bedrag per schuld
    expect(traject.schulden).toEqual([
      { peildatum: '2025-04-01', schuldsoort: 'Zorg' },
      { peildatum: '2025-04-01', schuldsoort: 'Nuts' },
    ]);
    expect(traject.nazorg).toEqual({ startdatum: '2025-05-01' });
  });

  it('maps a granted schuldbemiddeling to schuldregeling (submitted, granted) and oplossing (kind, vtlb, repayment dates)', () => {
    // given
    const state = requested(
      { phase: 'aflossing' },
      {
        settlement: {
          solutionKind: 'Schuldbemiddeling',
          vtlbCents: 145_049,
          termMonths: 18,
          proposedAt: '2025-04-02T09:00:00.000Z',
          status: 'granted',
          decidedAt: '2025-04-20T09:00:00.000Z',
          responses: { accepted: 3, refused: 0, 'no-cooperation': 0 },
        },
        repayment: { startedAt: '2025-05-01T09:00:00.000Z', endedAt: null },
      },
    );
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.schuldregeling).toEqual({ datum: '2025-04-02', toegekend: '2025-04-20' });
    expect(traject.oplossing).toEqual({ soort: 'Schuldbemiddeling', vtlb: 1450, startdatum: '2025-05-01' });
  });

  it('reports a rejected or withdrawn schuldregeling under afgewezen or ingetrokken', () => {
    // given
    const settlement = {
      solutionKind: 'Saneringskrediet' as const,
      vtlbCents: 100_000,
      termMonths: 18,
      proposedAt: '2025-04-02T09:00:00.000Z',
      decidedAt: '2025-04-20T09:00:00.000Z',
      responses: { accepted: 1, refused: 2, 'no-cooperation': 0 },
    };
    // when
    const rejected = toSchuldhulptraject(requested({}, { settlement: { ...settlement, status: 'rejected' } }));
    const withdrawn = toSchuldhulptraject(requested({}, { settlement: { ...settlement, status: 'withdrawn' } }));
    const pending = toSchuldhulptraject(
      requested({}, { settlement: { ...settlement, status: 'pending', decidedAt: null } }),
    );
    // then
    expect(rejected.schuldregeling).toEqual({ datum: '2025-04-02', afgewezen: '2025-04-20' });
    expect(withdrawn.schuldregeling).toEqual({ datum: '2025-04-02', ingetrokken: '2025-04-20' });
    expect(pending.schuldregeling).toEqual({ datum: '2025-04-02' });
  });

  it('reports a betalingsregeling as oplossing only, not as a schuldregeling', () => {
    // given
    const state = requested(
      {},
      {
        settlement: {
          solutionKind: 'Betalingsregeling',
          vtlbCents: 120_000,
          termMonths: 12,
          proposedAt: '2025-04-02T09:00:00.000Z',
          status: 'granted',
          decidedAt: '2025-04-10T09:00:00.000Z',
          responses: { accepted: 1, refused: 0, 'no-cooperation': 0 },
        },
      },
    );
    // when
    const traject = toSchuldhulptraject(state);
    // then
    expect(traject.schuldregeling).toBeUndefined();
    expect(traject.oplossing).toEqual({ soort: 'Betalingsregeling', vtlb: 1200 });
  });

  describe('which pathways a period holds', () => {
    it('holds a pathway requested before the period ends and not closed before it starts', () => {
      // given
      const open = requested();
      const closedInside = requested({
        closure: { reason: 'Zelf', phaseAtClose: 'intake', at: '2025-03-31T20:00:00.000Z' },
      });
      // then
      expect(wasActiveIn(open, period('2025-03-03', '2025-03-03'))).toBe(true);
      expect(wasActiveIn(open, period('2025-12-01', '2025-12-31'))).toBe(true);
      expect(wasActiveIn(closedInside, period('2025-03-31', '2025-04-30'))).toBe(true);
    });

    it('leaves out a pathway requested after the period or closed before it, and one with only early signals', () => {
      // given
      const closed = requested({ closure: { reason: 'Zelf', phaseAtClose: 'intake', at: '2025-03-31T09:00:00.000Z' } });
      const signalled = { ...initialPathwayState(ID, 'GM0363'), status: 'signalled' as const };
      // then
      expect(wasActiveIn(requested(), period('2025-01-01', '2025-03-02'))).toBe(false);
      expect(wasActiveIn(closed, period('2025-04-01', '2025-04-30'))).toBe(false);
      expect(wasActiveIn(signalled, period('2025-01-01', '2025-12-31'))).toBe(false);
    });

    it('builds one levering of the municipality with the active pathways, earliest aanmelding first', () => {
      // given
      const later = requested({ pathwayId: 'b', requestedAt: '2025-06-01T09:00:00.000Z' });
      const earlier = requested({ pathwayId: 'a', requestedAt: '2025-02-01T09:00:00.000Z' });
      const outside = requested({ pathwayId: 'c', requestedAt: '2026-01-05T09:00:00.000Z' });
      // when
      const delivery = ddasDelivery({
        municipalityCode: 'GM0363',
        period: period('2025-01-01', '2025-12-31'),
        deliveredAt: new Date('2026-01-02T10:11:12.345Z'),
        supplierCode: 'KETENPAD',
        pathways: [later, outside, earlier],
      });
      // then
      expect(delivery.startdatumLevering).toBe('2025-01-01');
      expect(delivery.einddatumLevering).toBe('2025-12-31');
      expect(delivery.aanleverdatumEnTijd).toBe('2026-01-02T10:11:12Z');
      expect(delivery.codeGegevensleverancier).toBe('KETENPAD');
      expect(delivery.leveringen).toHaveLength(1);
      expect(delivery.leveringen[0]!.aanleverende_organisatie).toEqual({ gemeentecode: 'GM0363' });
      expect(delivery.leveringen[0]!.schuldhulptrajecten.map((t) => t.startdatum)).toEqual([
        '2025-02-01',
        '2025-06-01',
      ]);
    });
  });

  describe('export period rule', () => {
    it('accepts a single day and a whole year', () => {
      expect(refusedExportPeriod('2025-03-03', '2025-03-03')).toBeUndefined();
      expect(refusedExportPeriod('2025-01-01', '2025-12-31')).toBeUndefined();
      expect(refusedExportPeriod('2024-02-29', '2025-02-28')).toBeUndefined();
    });

    it('refuses a period over one year, a reversed period and a non-date', () => {
      expect(refusedExportPeriod('2025-01-01', '2026-01-01')).toMatch(/at most one year.*2025-12-31/);
      expect(refusedExportPeriod('2024-02-29', '2025-03-01')).toMatch(/at most one year/);
      expect(refusedExportPeriod('2025-03-04', '2025-03-03')).toMatch(/from must not be after to/);
      expect(refusedExportPeriod('2025-02-30', '2025-03-03')).toMatch(/from must be a date/);
    });
  });
});

describe('DDAS export mapping of court instruments and debts', () => {
  it('reproduces the official single-trajectory example: crisis aanmelding, ended budgetbeheer, schuldregeling with a granted dwangakkoord', () => {
    // given the official example (VNG-Realisatie/ddas v1.0 enkelvoudigVoorbeeld.json) as pathway and court facts
    const example = JSON.parse(
      readFileSync(join(__dirname, '../../../test/fixtures/ddas-enkelvoudigVoorbeeld.json'), 'utf8'),
    ) as {
      leveringen: [{ schuldhulptrajecten: [Record<string, unknown>] }];
    };
    const official = example.leveringen[0].schuldhulptrajecten[0];
    const state = requested(
      {
        requestedAt: '2024-01-01T09:00:00.000Z',
        crisis: { type: 'eviction' },
        firstConversationHeldAt: '2024-01-15T09:00:00.000Z',
      },
      {
        guidanceHistory: [
          { kind: 'Budgetbeheer', startedAt: '2024-02-01T09:00:00.000Z', endedAt: '2024-11-30T09:00:00.000Z' },
        ],
        debts: { creditorCount: 6, totalDebtCents: 1_000_000, debtTypes: [], at: '2024-05-01T09:00:00.000Z' },
        settlement: {
          solutionKind: 'Schuldbemiddeling',
          vtlbCents: 150_000,
          termMonths: 18,
          proposedAt: '2024-06-01T09:00:00.000Z',
          status: 'granted',
          decidedAt: '2024-06-20T09:00:00.000Z',
          responses: { accepted: 5, refused: 1, 'no-cooperation': 0 },
        },
      },
    );
    const court = courtInstrumentsOf([
      { kind: 'forced-settlement-requested', at: '2024-06-10T09:00:00.000Z' },
      { kind: 'forced-settlement-decided', at: '2024-06-18T09:00:00.000Z', outcome: 'granted' },
    ]);
    // when
    const traject = toSchuldhulptraject(state, court, period('2024-01-01', '2024-12-31'));
    // then the parts the example and our data share are the example's, value for value
    expect(traject.aanmelding).toEqual(official['aanmelding']);
    expect(traject.begeleiding).toEqual(official['begeleiding']);
    expect(traject.schuldregeling).toEqual(official['schuldregeling']);
    expect(traject.totaalSchuldbedragBijAanvangSchuld).toBe(official['totaalSchuldbedragBijAanvangSchuld']);
    // and never the example's client (BSN, birth date, address)
    expect(traject).not.toHaveProperty('client');
  });

  it('maps moratoria with request, approval and the term the court set, and voorlopige voorzieningen', () => {
    // given
    const court = courtInstrumentsOf([
      { kind: 'provisional-measure-granted', at: '2025-03-02T10:00:00.000Z', endsOn: '2025-03-31' },
      { kind: 'moratorium-requested', at: '2025-03-03T10:00:00.000Z', basis: 'Fw-287b' },
      { kind: 'moratorium-granted', at: '2025-03-05T10:00:00.000Z', startsOn: '2025-03-05', endsOn: '2025-09-01' },
      { kind: 'moratorium-requested', at: '2025-10-01T10:00:00.000Z', basis: 'Wgs-5' },
      { kind: 'moratorium-rejected', at: '2025-10-03T10:00:00.000Z' },
    ]);
    // when
    const traject = toSchuldhulptraject(requested(), court, period('2025-01-01', '2025-12-31'));
    // then
    expect(traject.moratoria).toEqual([
      {
        datumAanvraag: '2025-03-03',
        datumGoedkeuring: '2025-03-05',
        startdatum: '2025-03-05',
        einddatum: '2025-09-01',
      },
      { datumAanvraag: '2025-10-01' },
    ]);
    expect(traject.voorlopigeVoorzieningen).toEqual([{ startdatum: '2025-03-02', einddatum: '2025-03-31' }]);
  });

  it('reports a dwangakkoord request still without ruling, also when the settlement was no schuldregeling', () => {
    // given a betalingsregeling (no schuldregeling) and a pending dwangakkoord request
    const state = requested(
      {},
      {
        settlement: {
          solutionKind: 'Betalingsregeling',
          vtlbCents: 100_000,
          termMonths: 18,
          proposedAt: '2025-05-01T09:00:00.000Z',
          status: 'rejected',
          decidedAt: '2025-05-20T09:00:00.000Z',
          responses: { accepted: 0, refused: 1, 'no-cooperation': 0 },
        },
      },
    );
    const court = courtInstrumentsOf([{ kind: 'forced-settlement-requested', at: '2025-06-10T09:00:00.000Z' }]);
    // when
    const traject = toSchuldhulptraject(state, court);
    // then
    expect(traject.schuldregeling).toEqual({ datumVerzoekDwangakkoord: '2025-06-10' });
  });

  it('reports a court-ordered beschermingsbewind as begeleiding, unless the counsellor recorded the same bewind', () => {
    // given
    const court = courtInstrumentsOf([
      { kind: 'protective-administration-ordered', at: '2025-04-01T10:00:00.000Z' },
      { kind: 'protective-administration-lifted', at: '2025-08-01T10:00:00.000Z' },
    ]);
    const recorded = requested(
      {},
      { guidanceHistory: [{ kind: 'Beschermingsbewind', startedAt: '2025-04-02T10:00:00.000Z', endedAt: null }] },
    );
    // when
    const fromCourtOnly = toSchuldhulptraject(requested(), court);
    const alsoRecorded = toSchuldhulptraject(recorded, court);
    // then
    expect(fromCourtOnly.begeleiding).toEqual([
      { soort: 'Beschermingsbewind', startdatum: '2025-04-01', einddatum: '2025-08-01' },
    ]);
    expect(alsoRecorded.begeleiding).toEqual([{ soort: 'Beschermingsbewind', startdatum: '2025-04-02' }]);
  });

  it('reports no Wsnp: DDAS SHV v1.0 has no field for it', () => {
    // given
    const court = courtInstrumentsOf([{ kind: 'wsnp-admitted', at: '2025-07-15T10:00:00.000Z', termMonths: 18 }]);
    // when
    const traject = toSchuldhulptraject(requested(), court);
    // then
    expect(traject).toEqual(toSchuldhulptraject(requested()));
  });

  it('gives a schuld its bedrag only when the inventory is one creditor of one kind', () => {
    // when
    const single = schulden({
      creditorCount: 1,
      totalDebtCents: 45_049,
      debtTypes: ['Publiek'],
      at: '2025-04-01T09:00:00.000Z',
    });
    const oneKindManyCreditors = schulden({
      creditorCount: 3,
      totalDebtCents: 45_049,
      debtTypes: ['Publiek'],
      at: '2025-04-01T09:00:00.000Z',
    });
    const noKinds = schulden({
      creditorCount: 2,
      totalDebtCents: 45_049,
      debtTypes: [],
      at: '2025-04-01T09:00:00.000Z',
    });
    // then
    expect(single).toEqual([{ bedrag: 450, peildatum: '2025-04-01', schuldsoort: 'Publiek' }]);
    expect(oneKindManyCreditors).toEqual([{ peildatum: '2025-04-01', schuldsoort: 'Publiek' }]);
    expect(noKinds).toEqual([]);
  });

  it('passes each pathway its own court instruments in a delivery', () => {
    // given
    const other = {
      ...requested(),
      pathwayId: '7d0f1c1e-6a43-4a43-9d63-1f1ad7c1a002',
      requestedAt: '2025-03-04T09:00:00.000Z',
    };
    const court = new Map([
      [
        ID,
        courtInstrumentsOf([
          { kind: 'provisional-measure-granted', at: '2025-03-10T10:00:00.000Z', endsOn: '2025-04-10' },
        ]),
      ],
    ]);
    // when
    const delivery = ddasDelivery({
      municipalityCode: 'GM0363',
      period: period('2025-01-01', '2025-12-31'),
      deliveredAt: new Date('2026-01-02T10:00:00Z'),
      supplierCode: 'KETENPAD',
      pathways: [other, requested()],
      courtInstruments: court,
    });
    // then
    const [first, second] = delivery.leveringen[0]!.schuldhulptrajecten;
    expect(first!.voorlopigeVoorzieningen).toEqual([{ startdatum: '2025-03-10', einddatum: '2025-04-10' }]);
    expect(second!.voorlopigeVoorzieningen).toBeUndefined();
  });
});
