import {
  NO_RECORDS,
  partnerMayReadEvent,
  pathwayAccessFacts,
  type ConsentRecord,
  type PathwayRecords,
} from './partner-access.policy';

const TODAY = '2026-03-31';
const WOONSTAD = 'urn:nld:ketenpad:partner:PT-WOONSTAD';
const ENECO = 'urn:nld:ketenpad:partner:PT-ENECO';
const AMSTERDAM = 'urn:nld:ketenpad:municipality:GM0363';
const CLASSES = ['chain', 'legal', 'financial', 'health-restricted'] as const;

const consent = (scope: string[], overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  grantee: WOONSTAD,
  scope,
  validUntil: null,
  withdrawnAt: null,
  ...overrides,
});
const records = (overrides: Partial<PathwayRecords>): PathwayRecords => ({
  ...NO_RECORDS,
  municipalityCode: 'GM0363',
  ...overrides,
});
const referred: PathwayRecords = records({ referrals: [{ toOrg: WOONSTAD, declined: false }] });

/** The classes of a municipality event Woonstad may receive or read, through the shared need-to-know policy. */
const readable = (r: PathwayRecords): string[] =>
  CLASSES.filter((classification) =>
    partnerMayReadEvent(pathwayAccessFacts(r), 'PT-WOONSTAD', { classification, source: AMSTERDAM }, TODAY),
  );

describe('what a partner may receive or read of a pathway (the chain need-to-know policy, fed with the gateway records)', () => {
  it.each<[string, PathwayRecords, string[]]>([
    ['no relationship: nothing', records({}), []],
    ['a pathway the gateway never heard of: nothing', NO_RECORDS, []],
    ['referred to it (participant): chain only', referred, ['chain']],
    ['referred to it, but declined: nothing', records({ referrals: [{ toOrg: WOONSTAD, declined: true }] }), []],
    [
      'declined once, referred again: participant',
      records({
        referrals: [
          { toOrg: WOONSTAD, declined: true },
          { toOrg: WOONSTAD, declined: false },
        ],
      }),
      ['chain'],
    ],
    ['another partner referred: nothing', records({ referrals: [{ toOrg: ENECO, declined: false }] }), []],
    [
      'valid consent for chain and legal: exactly its scope',
      records({ consents: [consent(['chain', 'legal'])] }),
      ['chain', 'legal'],
    ],
    [
      'consent naming health-restricted: never that class',
      records({ consents: [consent(['chain', 'health-restricted'])] }),
      ['chain'],
    ],
    [
      'participant with consent for chain and financial: the consent scope',
      records({ ...referred, consents: [consent(['chain', 'financial'])] }),
      ['chain', 'financial'],
    ],
    [
      'consent valid until today: still counts',
      records({ consents: [consent(['chain'], { validUntil: TODAY })] }),
      ['chain'],
    ],
    [
      'consent expired yesterday: nothing',
      records({ consents: [consent(['chain'], { validUntil: '2026-03-30' })] }),
      [],
    ],
    [
      'participant whose consent expired: back to chain',
      records({ ...referred, consents: [consent(['legal'], { validUntil: '2026-03-30' })] }),
      ['chain'],
    ],
    [
      'participant whose consent was withdrawn: nothing, the resident said stop',
      records({ ...referred, consents: [consent(['chain'], { withdrawnAt: new Date('2026-03-01T00:00:00Z') })] }),
      [],
    ],
    [
      'withdrawn consent but a newer valid one: the valid one counts',
      records({
        consents: [consent(['legal'], { withdrawnAt: new Date('2026-03-01T00:00:00Z') }), consent(['financial'])],
      }),
      ['financial'],
    ],
    ['consent of another partner: nothing', records({ consents: [consent(['chain'], { grantee: ENECO })] }), []],
  ])('%s', (_case, pathway, expected) => {
    // given what the gateway projected of a pathway
    // when Woonstad's access to each class is decided
    const classes = readable(pathway);
    // then exactly the expected classes are readable
    expect(classes).toEqual(CLASSES.filter((c) => expected.includes(c)));
  });

  it('hands the policy participants without declined referrals and withdrawals as instants', () => {
    // given referrals (one declined, one twice) and a withdrawn consent
    const facts = pathwayAccessFacts(
      records({
        referrals: [
          { toOrg: WOONSTAD, declined: false },
          { toOrg: WOONSTAD, declined: false },
          { toOrg: ENECO, declined: true },
        ],
        consents: [consent(['chain'], { withdrawnAt: new Date('2026-03-01T10:00:00Z'), validUntil: '2026-12-31' })],
      }),
    );
    // then the policy sees one participant and the consent as recorded
    expect(facts).toEqual({
      municipalityCode: 'GM0363',
      participants: [WOONSTAD],
      consents: [
        { grantee: WOONSTAD, scope: ['chain'], validUntil: '2026-12-31', withdrawnAt: '2026-03-01T10:00:00.000Z' },
      ],
    });
  });
});
