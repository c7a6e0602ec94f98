import {
  mayReceive,
  NO_ENTITLEMENT,
  receivableClasses,
  type PartnerConsent,
  type PartnerEntitlement,
} from './entitlement.policy';

const TODAY = '2026-03-31';
const consent = (scope: string[], overrides: Partial<PartnerConsent> = {}): PartnerConsent => ({
  scope,
  validUntil: null,
  withdrawnAt: null,
  ...overrides,
});
const participant: PartnerEntitlement = { participates: true, consents: [] };

describe('what a partner may receive of a pathway', () => {
  it.each<[string, PartnerEntitlement, string[]]>([
    ['no relationship: nothing', NO_ENTITLEMENT, []],
    ['participant: chain and financial', participant, ['chain', 'financial']],
    [
      'consent for chain and legal: exactly those',
      { participates: false, consents: [consent(['chain', 'legal'])] },
      ['chain', 'legal'],
    ],
    [
      'consent that names health-restricted: never that class',
      { participates: false, consents: [consent(['chain', 'health-restricted'])] },
      ['chain'],
    ],
    [
      'participant with a legal consent: union',
      { participates: true, consents: [consent(['legal'])] },
      ['chain', 'financial', 'legal'],
    ],
    [
      'consent valid until today: still counts',
      { participates: false, consents: [consent(['chain'], { validUntil: TODAY })] },
      ['chain'],
    ],
    [
      'consent expired yesterday: nothing',
      { participates: false, consents: [consent(['chain'], { validUntil: '2026-03-30' })] },
      [],
    ],
    [
      'withdrawn consent: nothing, even as participant',
      { participates: true, consents: [consent(['chain'], { withdrawnAt: new Date('2026-03-01T00:00:00Z') })] },
      [],
    ],
    [
      'withdrawn consent but a newer valid one: the valid one counts',
      {
        participates: false,
        consents: [consent(['legal'], { withdrawnAt: new Date('2026-03-01T00:00:00Z') }), consent(['financial'])],
      },
      ['financial'],
    ],
  ])('%s', (_case, entitlement, expected) => {
    // given an entitlement
    // when the classes are decided
    const classes = [...receivableClasses(entitlement, TODAY)].sort();
    // then exactly the expected classes are receivable
    expect(classes).toEqual([...expected].sort());
  });

  it.each(['chain', 'legal', 'financial', 'health-restricted'])(
    'a participant without consent receives %s only if the role allows it',
    (classification) => {
      // given a participant without consent
      // when asked for an event of each class
      const allowed = mayReceive(participant, classification, TODAY);
      // then only chain and financial pass
      expect(allowed).toBe(classification === 'chain' || classification === 'financial');
    },
  );
});
