import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDate } from '@ketenpad/calendar';
import {
  INITIAL_TRAJECTORY,
  initialPathwayState,
  type EarlySignal,
  type PathwayState,
  type Trajectory,
} from '../pathway/pathway.state';
import { dagdeelOf, ddasEarlySignalDelivery, resultOf } from './ddas-vs-export.mapping';

const ID = '5b1c7e0a-1d2e-4f3a-8b4c-9d0e1f2a3b4c';
const period = (from: string, to: string) => ({ from: LocalDate.parse(from), to: LocalDate.parse(to) });

const energySignal: EarlySignal = {
  signalPartnerType: 'Energie',
  arrearsCents: 45_000,
  arrearsSince: '2024-12-10',
  signalledAt: '2025-01-05',
  crisis: null,
  warmHandover: false,
};

function signalled(
  signals: EarlySignal[],
  overrides: Partial<PathwayState> = {},
  trajectory: Partial<Trajectory> = {},
): PathwayState {
  return {
    ...initialPathwayState(ID, 'GM0363'),
    status: 'signalled',
    earlySignals: signals,
    ...overrides,
    trajectory: { ...INITIAL_TRAJECTORY, ...trajectory },
  };
}

function deliver(pathways: PathwayState[], from = '2025-01-01', to = '2025-01-31') {
  return ddasEarlySignalDelivery({
    municipalityCode: 'GM0363',
    period: period(from, to),
    deliveredAt: new Date('2025-02-05T10:30:00.250Z'),
    supplierCode: 'KETENPAD',
    pathways,
  });
}

describe('DDAS vroegsignalering v0.9 mapping (early signals -> vroegsignalen and vroegsignaalzaken)', () => {
  it('reproduces the official single example: one energy signal, a missed call in the morning, a home visit in the afternoon, no help wanted', () => {
    // given the official example (VNG-Realisatie/ddas v0.9 enkelvoudigVoorbeeld.json) as a pathway
    const example = JSON.parse(
      readFileSync(join(__dirname, '../../../test/fixtures/ddas-vs-v0.9/enkelvoudigVoorbeeld.json'), 'utf8'),
    ) as {
      leveringen: [{ vroegsignalen: [Record<string, unknown>]; vroegsignaalzaken: [Record<string, unknown>] }];
    };
    const [officialSignal] = example.leveringen[0].vroegsignalen;
    const [officialZaak] = example.leveringen[0].vroegsignaalzaken;
    const state = signalled(
      [energySignal],
      {},
      {
        contactAttempts: {
          count: 2,
          lastReachedAt: '2025-01-15T13:00:00.000Z',
          lastKind: 'Huisbezoek',
          log: [
            { kind: 'Telefoon', reached: false, at: '2025-01-10T08:30:00.000Z' },
            { kind: 'Huisbezoek', reached: true, at: '2025-01-15T13:00:00.000Z' },
          ],
        },
        helpOffer: { answer: 'declined', at: '2025-01-15T13:30:00.000Z', collectionPausedUntil: null },
      },
    );
    // when
    const levering = deliver([state]).leveringen[0]!;
    // then the signal is the example's but for its ID, its status (see below) and an empty client
    const { ID: _id, status: _status, client: _client, ...officialSignalFacts } = officialSignal;
    expect(levering.vroegsignalen).toEqual([{ ID: `${ID}-1`, ...officialSignalFacts, client: {} }]);
    // the example keeps 'Nog niet opgepakt' on a signal whose zaak was taken up; we report that status only while it is true
    expect(levering.vroegsignalen[0]).not.toHaveProperty('status');
    // and the zaak is the example's but for the matching dates, which the municipality does not keep
    const {
      matchingsdatum: _m,
      startdatum_matchtingperiode: _s,
      einddatum_matchingperiode: _e,
      vroegsignalen: _refs,
      ...officialZaakFacts
    } = officialZaak;
    expect(levering.vroegsignaalzaken).toEqual([{ ...officialZaakFacts, vroegsignalen: [{ ID: `${ID}-1` }] }]);
  });

  it('sends no personal data: the required client object goes out empty', () => {
    // when
    const delivery = deliver([signalled([energySignal])]);
    // then
    expect(delivery.leveringen[0]!.vroegsignalen[0]!.client).toEqual({});
    expect(JSON.stringify(delivery)).not.toMatch(/Burgerservicenummer|Achternaam|Geboortedatum|Postcode/);
  });

  it('marks a signal nobody acted on yet as not taken up, with a zaak without result', () => {
    // when
    const levering = deliver([signalled([{ ...energySignal, crisis: { type: 'energy' }, warmHandover: true }])])
      .leveringen[0]!;
    // then
    expect(levering.vroegsignalen[0]).toMatchObject({
      status: 'Nog niet opgepakt',
      crisissignaal: true,
      warmeOverdracht: true,
    });
    expect(levering.vroegsignaalzaken).toEqual([{ vroegsignalen: [{ ID: `${ID}-1` }] }]);
  });

  it('takes only the signals dated in the period, and the zaken they belong to', () => {
    // given a pathway with a December and a January signal, and one with only a February signal
    const twice = signalled([
      { ...energySignal, signalledAt: '2024-12-20' },
      { ...energySignal, signalPartnerType: 'Huur', signalledAt: '2025-01-07' },
    ]);
    const february = {
      ...signalled([{ ...energySignal, signalledAt: '2025-02-03' }]),
      pathwayId: '5b1c7e0a-1d2e-4f3a-8b4c-9d0e1f2a3b4d',
    };
    // when
    const levering = deliver([twice, february]).leveringen[0]!;
    // then
    expect(levering.vroegsignalen.map((s) => [s.ID, s.signaalpartner.type])).toEqual([[`${ID}-2`, 'Huur']]);
    expect(levering.vroegsignaalzaken.map((z) => z.vroegsignalen)).toEqual([[{ ID: `${ID}-2` }]]);
  });

  it('fills the delivery header: period, supplier, whole-second UTC timestamp, the municipality', () => {
    // when
    const delivery = deliver([]);
    // then
    expect(delivery).toEqual({
      startdatumLevering: '2025-01-01',
      einddatumLevering: '2025-01-31',
      aanleverdatumEnTijd: '2025-02-05T10:30:00Z',
      codeGegevensleverancier: 'KETENPAD',
      leveringen: [
        { teller: 1, gemeentecode: 'GM0363', aanleverende_organisatie: {}, vroegsignalen: [], vroegsignaalzaken: [] },
      ],
    });
  });

  describe('eindresultaat of a zaak', () => {
    it('is vervolghulp financieel when a help request followed the signal, with the request as the day it was taken up', () => {
      // given
      const state = signalled([energySignal], { status: 'open', requestedAt: '2025-01-08T09:00:00.000Z' });
      // when
      const [zaak] = deliver([state]).leveringen[0]!.vroegsignaalzaken;
      // then
      expect(zaak).toEqual({
        resultaat: 'Vervolghulp en/of verwijzing financieel',
        datum_opgepakt: '2025-01-08',
        vroegsignalen: [{ ID: `${ID}-1` }],
      });
    });

    it('is already known to schuldhulpverlening when the help request came before the signal', () => {
      expect(resultOf(signalled([energySignal], { requestedAt: '2024-11-01T09:00:00.000Z' }), '2025-01-05')).toBe(
        'Inwoner al bekend bij schuldhulpverlening',
      );
    });

    it('is vervolghulp financieel when the offer of help was accepted, and no help wanted when declined', () => {
      const accepted = signalled(
        [energySignal],
        {},
        { helpOffer: { answer: 'accepted', at: '2025-01-09T09:00:00.000Z', collectionPausedUntil: '2025-02-08' } },
      );
      const declined = signalled(
        [energySignal],
        {},
        { helpOffer: { answer: 'declined', at: '2025-01-09T09:00:00.000Z', collectionPausedUntil: null } },
      );
      expect(resultOf(accepted, '2025-01-05')).toBe('Vervolghulp en/of verwijzing financieel');
      expect(resultOf(declined, '2025-01-05')).toBe('Inwoner hoeft geen hulp vanuit vroegsignalering');
    });

    it('is absent while only contact attempts were made', () => {
      const trying = signalled(
        [energySignal],
        {},
        {
          contactAttempts: {
            count: 1,
            lastReachedAt: null,
            lastKind: 'Brief',
            log: [{ kind: 'Brief', reached: false, at: '2025-01-06T09:00:00.000Z' }],
          },
        },
      );
      expect(resultOf(trying, '2025-01-05')).toBeUndefined();
    });
  });

  it('names the part of the day in Amsterdam time, and none at night', () => {
    expect(dagdeelOf(new Date('2025-01-10T10:59:00Z'))).toBe('Ochtend'); // 11:59 CET
    expect(dagdeelOf(new Date('2025-07-10T10:00:00Z'))).toBe('Middag'); // 12:00 CEST
    expect(dagdeelOf(new Date('2025-01-10T17:00:00Z'))).toBe('Avond'); // 18:00 CET
    expect(dagdeelOf(new Date('2025-01-10T23:30:00Z'))).toBeUndefined(); // 00:30 CET
  });
});
