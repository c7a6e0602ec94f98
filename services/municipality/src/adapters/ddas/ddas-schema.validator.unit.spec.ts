import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDate } from '@ketenpad/calendar';
import { ddasDelivery } from '../../domain/ddas/ddas-export.mapping';
import { INITIAL_TRAJECTORY, initialPathwayState } from '../../domain/pathway/pathway.state';
import { ddasEarlySignalDelivery } from '../../domain/ddas/ddas-vs-export.mapping';
import { DdasEarlySignalSchemaValidator, DdasSchemaValidator } from './ddas-schema.validator';

// The official example, vendored unchanged next to the tests.
const OFFICIAL_EXAMPLE = join(__dirname, '../../../test/fixtures/ddas-enkelvoudigVoorbeeld.json');

describe('DdasSchemaValidator (official DDAS SHV v1.0 schema)', () => {
  const validator = new DdasSchemaValidator();

  it('accepts the official single-trajectory example', () => {
    // given
    const example: unknown = JSON.parse(readFileSync(OFFICIAL_EXAMPLE, 'utf8'));
    // then
    expect(validator.problemsOf(example)).toEqual([]);
  });

  it('accepts a delivery built from a pathway state', () => {
    // given
    const delivery = ddasDelivery({
      municipalityCode: 'GM0363',
      period: { from: LocalDate.parse('2025-01-01'), to: LocalDate.parse('2025-12-31') },
      deliveredAt: new Date('2026-01-02T10:00:00Z'),
      supplierCode: 'KETENPAD',
      pathways: [
        {
          ...initialPathwayState('p1', 'GM0363'),
          status: 'closed',
          requestedAt: '2025-03-03T09:00:00.000Z',
          crisis: { type: 'energy' },
          closure: { reason: 'Afgerond', phaseAtClose: 'nazorg', at: '2025-10-01T09:00:00.000Z' },
          trajectory: { ...INITIAL_TRAJECTORY, guidance: { Budgetbeheer: '2025-04-01T09:00:00.000Z' } },
        },
      ],
    });
    // then
    expect(validator.problemsOf(delivery)).toEqual([]);
  });

  it('names every violation of an invalid document: a missing required field, a wrong enum, a null date, an unknown field', () => {
    // given
    const invalid = {
      startdatumLevering: '2025-01-01',
      einddatumLevering: '2025-12-31',
      aanleverdatumEnTijd: '2026-01-02T10:00:00Z',
      leveringen: [
        {
          teller: 1,
          aanleverende_organisatie: { gemeentecode: 'GM0363' },
          schuldhulptrajecten: [
            { gemeentecode: 'GM0363', einddatum: null, uitstroom: { reden: 'Zelfstandig verder' }, bsn: '123' },
          ],
        },
      ],
    };
    // when
    const problems = validator.problemsOf(invalid);
    // then
    expect(problems).toEqual(
      expect.arrayContaining([
        "/ must have required property 'codeGegevensleverancier'",
        '/leveringen/0/schuldhulptrajecten/0/einddatum must be string',
        '/leveringen/0/schuldhulptrajecten/0/uitstroom/reden must be equal to one of the allowed values',
        '/leveringen/0/schuldhulptrajecten/0 must NOT have additional properties (bsn)',
      ]),
    );
  });

  it('refuses an aanleverdatumEnTijd that is not a date-time and a date that does not exist', () => {
    // given
    const invalid = {
      startdatumLevering: '2025-02-30',
      einddatumLevering: '2025-12-31',
      aanleverdatumEnTijd: '2026-01-02',
      codeGegevensleverancier: 'KETENPAD',
      leveringen: [{ teller: 1, aanleverende_organisatie: {} }],
    };
    // then
    expect(validator.problemsOf(invalid)).toEqual([
      '/startdatumLevering must match format "date"',
      '/aanleverdatumEnTijd must match format "date-time"',
    ]);
  });
});

describe('DdasEarlySignalSchemaValidator (official DDAS vroegsignalering v0.9 schema)', () => {
  const validator = new DdasEarlySignalSchemaValidator();
  const fixture = (name: string): unknown =>
    JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/ddas-vs-v0.9', name), 'utf8'));

  it.each(['enkelvoudigVoorbeeld.json', 'meervoudigVoorbeeld.json'])('accepts the official example %s', (name) => {
    expect(validator.problemsOf(fixture(name))).toEqual([]);
  });

  it('accepts a delivery built from a signalled pathway with contact attempts and an answer', () => {
    // given
    const delivery = ddasEarlySignalDelivery({
      municipalityCode: 'GM0363',
      period: { from: LocalDate.parse('2025-01-01'), to: LocalDate.parse('2025-03-31') },
      deliveredAt: new Date('2025-04-01T10:00:00Z'),
      supplierCode: 'KETENPAD',
      pathways: [
        {
          ...initialPathwayState('p1', 'GM0363'),
          status: 'signalled',
          earlySignals: [
            {
              signalPartnerType: 'Zorg',
              arrearsCents: 30_050,
              arrearsSince: '2024-12-01',
              signalledAt: '2025-02-01',
              crisis: { type: 'health-insurance' },
              warmHandover: true,
            },
          ],
          trajectory: {
            ...INITIAL_TRAJECTORY,
            contactAttempts: {
              count: 1,
              lastReachedAt: '2025-02-03T09:00:00.000Z',
              lastKind: 'Telefoon',
              log: [{ kind: 'Telefoon', reached: true, at: '2025-02-03T09:00:00.000Z' }],
            },
            helpOffer: { answer: 'accepted', at: '2025-02-03T09:10:00.000Z', collectionPausedUntil: '2025-03-05' },
          },
        },
      ],
    });
    // then
    expect(validator.problemsOf(delivery)).toEqual([]);
  });

  it('refuses a signal without the client the schema requires, and names where', () => {
    // given
    const invalid = {
      startdatumLevering: '2025-01-01',
      einddatumLevering: '2025-01-31',
      aanleverdatumEnTijd: '2025-02-01T10:00:00Z',
      codeGegevensleverancier: 'KETENPAD',
      leveringen: [
        {
          teller: 1,
          gemeentecode: 'GM0363',
          aanleverende_organisatie: {},
          vroegsignalen: [{ ID: 'x', signaalpartner: { type: 'Energie' } }],
        },
      ],
    };
    // then
    expect(validator.problemsOf(invalid)).toEqual([
      "/leveringen/0/vroegsignalen/0 must have required property 'client'",
    ]);
  });
});
