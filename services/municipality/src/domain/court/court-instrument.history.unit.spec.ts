import { courtInstrumentsOf, NO_COURT_INSTRUMENTS, type CourtFact } from './court-instrument.history';

describe('court instrument history (court liaison facts -> instruments per pathway)', () => {
  it('has no instruments without facts', () => {
    expect(courtInstrumentsOf([])).toEqual(NO_COURT_INSTRUMENTS);
  });

  it('joins a moratorium request, its grant and its end into one moratorium, whatever order the facts arrive in', () => {
    // given the facts out of order (two partitions' worth of redelivery)
    const facts: CourtFact[] = [
      { kind: 'moratorium-ended', at: '2025-09-02T00:05:00.000Z' },
      { kind: 'moratorium-granted', at: '2025-03-05T10:00:00.000Z', startsOn: '2025-03-05', endsOn: '2025-09-01' },
      { kind: 'moratorium-requested', at: '2025-03-03T10:00:00.000Z', basis: 'Fw-287b' },
    ];
    // when
    const { moratoria } = courtInstrumentsOf(facts);
    // then
    expect(moratoria).toEqual([
      {
        requestedAt: '2025-03-03T10:00:00.000Z',
        basis: 'Fw-287b',
        grantedAt: '2025-03-05T10:00:00.000Z',
        rejectedAt: null,
        startsOn: '2025-03-05',
        endsOn: '2025-09-01',
        endedAt: '2025-09-02T00:05:00.000Z',
      },
    ]);
  });

  it('keeps a rejected moratorium and a later second request apart', () => {
    // given
    const facts: CourtFact[] = [
      { kind: 'moratorium-requested', at: '2025-03-03T10:00:00.000Z', basis: 'Wgs-5' },
      { kind: 'moratorium-rejected', at: '2025-03-04T10:00:00.000Z' },
      { kind: 'moratorium-requested', at: '2025-04-01T10:00:00.000Z', basis: 'Fw-287b' },
    ];
    // when
    const { moratoria } = courtInstrumentsOf(facts);
    // then
    expect(moratoria.map((m) => [m.basis, m.rejectedAt, m.grantedAt])).toEqual([
      ['Wgs-5', '2025-03-04T10:00:00.000Z', null],
      ['Fw-287b', null, null],
    ]);
  });

  it('counts a ruling whose request it never heard of as an instrument without request date', () => {
    // when
    const { forcedSettlements, protectiveAdministrations } = courtInstrumentsOf([
      { kind: 'forced-settlement-decided', at: '2025-06-20T10:00:00.000Z', outcome: 'granted' },
      { kind: 'protective-administration-ordered', at: '2025-05-01T10:00:00.000Z' },
    ]);
    // then
    expect(forcedSettlements).toEqual([
      { requestedAt: null, decidedAt: '2025-06-20T10:00:00.000Z', outcome: 'granted' },
    ]);
    expect(protectiveAdministrations).toEqual([
      { requestedAt: null, orderedAt: '2025-05-01T10:00:00.000Z', liftedAt: null },
    ]);
  });

  it('ignores an end of something that never started', () => {
    // when
    const instruments = courtInstrumentsOf([
      { kind: 'moratorium-ended', at: '2025-09-02T00:05:00.000Z' },
      { kind: 'wsnp-ended', at: '2026-01-02T10:00:00.000Z', cleanSlate: true },
      { kind: 'protective-administration-lifted', at: '2026-01-02T10:00:00.000Z' },
    ]);
    // then
    expect(instruments).toEqual(NO_COURT_INSTRUMENTS);
  });

  it('follows a Wsnp from petition over admission to its end with the clean slate, and provisional measures as granted', () => {
    // when
    const { wsnp, provisionalMeasures } = courtInstrumentsOf([
      { kind: 'provisional-measure-granted', at: '2025-02-01T10:00:00.000Z', endsOn: '2025-03-01' },
      { kind: 'wsnp-petition-filed', at: '2025-07-01T10:00:00.000Z' },
      { kind: 'wsnp-admitted', at: '2025-07-15T10:00:00.000Z', termMonths: 18 },
      { kind: 'wsnp-ended', at: '2027-01-15T10:00:00.000Z', cleanSlate: true },
    ]);
    // then
    expect(provisionalMeasures).toEqual([{ grantedAt: '2025-02-01T10:00:00.000Z', endsOn: '2025-03-01' }]);
    expect(wsnp).toEqual([
      {
        petitionFiledAt: '2025-07-01T10:00:00.000Z',
        admittedAt: '2025-07-15T10:00:00.000Z',
        rejectedAt: null,
        endedAt: '2027-01-15T10:00:00.000Z',
        cleanSlate: true,
      },
    ]);
  });
});
