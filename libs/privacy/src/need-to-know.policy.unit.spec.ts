import {
  isServiceLevelSource,
  mayReadEvent,
  readAccess,
  seesWholePathway,
  type ConsentFact,
  type PathwayAccessFacts,
  type Reader,
} from './need-to-know.policy';

const today = '2026-03-10';
const sw: Reader = { kind: 'social-work', id: 'SW-AMS', municipalityCode: 'GM0363' };
const swUrn = 'urn:nld:ketenpad:social-work:SW-AMS';
const partner: Reader = { kind: 'partner', id: 'PT-WOONSTAD' };
const partnerUrn = 'urn:nld:ketenpad:partner:PT-WOONSTAD';
const facts = (overrides: Partial<PathwayAccessFacts> = {}): PathwayAccessFacts => ({
  municipalityCode: 'GM0363',
  participants: ['urn:nld:ketenpad:municipality:GM0363'],
  consents: [],
  ...overrides,
});
const consent = (o: Partial<ConsentFact> = {}): ConsentFact => ({
  grantee: swUrn,
  scope: ['chain', 'financial'],
  validUntil: '2026-12-31',
  withdrawnAt: null,
  ...o,
});

describe('need-to-know read access to a pathway', () => {
  const cases: Array<[string, Reader, Partial<PathwayAccessFacts>, false | string[]]> = [
    [
      'the responsible municipality',
      { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' },
      {},
      ['chain', 'legal', 'financial'],
    ],
    ['another municipality', { kind: 'municipality', id: 'GM0344', municipalityCode: 'GM0344' }, {}, false],
    [
      'a municipality before the pathway has one',
      { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' },
      { municipalityCode: null },
      false,
    ],
    ['a coordinator', { kind: 'coordinator', id: 'KR-001' }, {}, ['chain', 'legal', 'financial']],
    ['an organisation with no part in it', sw, {}, false],
    ['a participant without consent', sw, { participants: [swUrn] }, ['chain']],
    ['a grantee of valid consent', sw, { consents: [consent()] }, ['chain', 'financial']],
    [
      'a participant whose consent was withdrawn',
      sw,
      { participants: [swUrn], consents: [consent({ withdrawnAt: '2026-03-05T10:00:00Z' })] },
      false,
    ],
    [
      'a participant whose consent expired',
      sw,
      { participants: [swUrn], consents: [consent({ validUntil: '2026-03-09' })] },
      ['chain'],
    ],
    [
      'a grantee whose consent expires today',
      sw,
      { consents: [consent({ validUntil: '2026-03-10' })] },
      ['chain', 'financial'],
    ],
    ['a grantee of open-ended consent', sw, { consents: [consent({ validUntil: null })] }, ['chain', 'financial']],
    [
      'a grantee whose consent scope names health-restricted',
      sw,
      { consents: [consent({ scope: ['chain', 'health-restricted'] })] },
      ['chain'],
    ],
    [
      'a referring GP (own events only)',
      { kind: 'gp', id: 'HA-0001' },
      { participants: ['urn:nld:ketenpad:gp:HA-0001'] },
      [],
    ],
    [
      'a grantee with a new consent after a withdrawal',
      sw,
      { consents: [consent({ withdrawnAt: '2026-03-02T10:00:00Z' }), consent({ scope: ['legal'] })] },
      ['legal'],
    ],
    ['a partner referred to (participant)', partner, { participants: [partnerUrn] }, ['chain']],
    [
      'a partner with consent for financial data',
      partner,
      { consents: [consent({ grantee: partnerUrn })] },
      ['chain', 'financial'],
    ],
    ['a partner with no referral and no consent', partner, {}, false],
    [
      'an organisation that only referred (the hand-off: own events and the answers)',
      { kind: 'social-work', id: 'SW-RTD' },
      {
        participants: ['urn:nld:ketenpad:social-work:SW-RTD'],
        referrals: [
          {
            referralId: 'r-1',
            fromOrg: 'urn:nld:ketenpad:social-work:SW-RTD',
            toOrg: 'urn:nld:ketenpad:municipality:GM0363',
            status: 'accepted',
          },
        ],
      },
      [],
    ],
    [
      'a referrer that was referred to itself (a participant)',
      sw,
      {
        participants: [swUrn],
        referrals: [
          { referralId: 'r-1', fromOrg: 'urn:nld:ketenpad:municipality:GM0363', toOrg: swUrn, status: 'accepted' },
          { referralId: 'r-2', fromOrg: swUrn, toOrg: 'urn:nld:ketenpad:court-liaison:RB-AMS', status: 'waiting' },
        ],
      },
      ['chain'],
    ],
    [
      'a service-level id, even as a participant (an erasure answer is no participation)',
      { kind: 'social-work', id: 'ketenpad' },
      { participants: ['urn:nld:ketenpad:social-work:ketenpad'] },
      false,
    ],
    ['a coordinator token with a service-level id', { kind: 'coordinator', id: 'ketenpad' }, {}, false],
  ];

  it.each(cases)('%s', (_name, reader, overrides, expected) => {
    // when
    const access = readAccess(facts(overrides), reader, today);

    // then
    if (expected === false) expect(access.visible).toBe(false);
    else {
      expect(access.visible).toBe(true);
      if (access.visible) expect([...access.classes].sort()).toEqual([...expected].sort());
    }
  });

  it('shows health-restricted events only to the organisation that produced them', () => {
    // given
    const gp: Reader = { kind: 'gp', id: 'HA-0001' };
    const municipality: Reader = { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' };
    const event = { classification: 'health-restricted', source: 'urn:nld:ketenpad:gp:HA-0001' };
    const f = facts({ participants: ['urn:nld:ketenpad:municipality:GM0363', 'urn:nld:ketenpad:gp:HA-0001'] });

    // then
    expect(mayReadEvent(readAccess(f, gp, today), event, gp)).toBe(true);
    expect(mayReadEvent(readAccess(f, municipality, today), event, municipality)).toBe(false);
    expect(
      mayReadEvent(readAccess(f, { kind: 'coordinator', id: 'KR-001' }, today), event, {
        kind: 'coordinator',
        id: 'KR-001',
      }),
    ).toBe(false);
  });

  it('shows a participant its own events of any class, and others only in the allowed classes', () => {
    // given
    const access = readAccess(facts({ participants: [swUrn] }), sw, today);

    // then
    expect(mayReadEvent(access, { classification: 'financial', source: swUrn }, sw)).toBe(true);
    expect(
      mayReadEvent(access, { classification: 'financial', source: 'urn:nld:ketenpad:municipality:GM0363' }, sw),
    ).toBe(false);
    expect(mayReadEvent(access, { classification: 'chain', source: 'urn:nld:ketenpad:municipality:GM0363' }, sw)).toBe(
      true,
    );
  });

  it('shows a referrer its own events and the answers to its own referrals, nothing else', () => {
    // given
    const referrer: Reader = { kind: 'social-work', id: 'SW-RTD' };
    const urn = 'urn:nld:ketenpad:social-work:SW-RTD';
    const gm = 'urn:nld:ketenpad:municipality:GM0363';
    const access = readAccess(
      facts({
        participants: [gm, urn],
        referrals: [{ referralId: 'r-1', fromOrg: urn, toOrg: gm, status: 'accepted' }],
      }),
      referrer,
      today,
    );
    const answer = (name: string, referralId: string) => ({
      classification: 'chain',
      source: gm,
      type: `nl.ketenpad.municipality.${name}.v1`,
      data: { referralId },
    });

    // then
    expect(mayReadEvent(access, { classification: 'chain', source: urn }, referrer)).toBe(true);
    expect(mayReadEvent(access, answer('referral-accepted', 'r-1'), referrer)).toBe(true);
    expect(mayReadEvent(access, answer('referral-declined', 'r-1'), referrer)).toBe(true);
    expect(mayReadEvent(access, answer('pathway-merged', 'r-1'), referrer)).toBe(true);
    expect(mayReadEvent(access, answer('referral-accepted', 'r-2'), referrer)).toBe(false);
    expect(mayReadEvent(access, answer('help-requested', 'r-1'), referrer)).toBe(false);
    expect(mayReadEvent(access, { classification: 'chain', source: gm }, referrer)).toBe(false);
  });

  it('tells service-level sources from organisations', () => {
    expect(isServiceLevelSource('urn:nld:ketenpad:gp')).toBe(true);
    expect(isServiceLevelSource('urn:nld:ketenpad:partner-gateway')).toBe(true);
    expect(isServiceLevelSource('urn:nld:ketenpad:gp:ketenpad')).toBe(true);
    expect(isServiceLevelSource('urn:nld:ketenpad:social-work:KETENPAD')).toBe(true);
    expect(isServiceLevelSource('urn:nld:ketenpad:gp:HA-0001')).toBe(false);
    expect(isServiceLevelSource('urn:nld:ketenpad:gp:HA-0001:x')).toBe(false);
    expect(isServiceLevelSource('urn:nld:other:gp')).toBe(false);
  });

  it('gives the whole pathway only to the responsible municipality and the coordinator', () => {
    const f = facts({ participants: [swUrn] });
    expect(
      seesWholePathway(readAccess(f, { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' }, today)),
    ).toBe(true);
    expect(seesWholePathway(readAccess(f, { kind: 'coordinator', id: 'KR-001' }, today))).toBe(true);
    expect(seesWholePathway(readAccess(f, sw, today))).toBe(false);
    expect(seesWholePathway({ visible: false })).toBe(false);
  });

  it('shows nothing of a pathway the reader may not see, not even its own events', () => {
    expect(mayReadEvent({ visible: false }, { classification: 'chain', source: swUrn }, sw)).toBe(false);
  });
});
