import type { ChainEvent } from './chain-event';
import { foldSummary } from './pathway-summary';
import { readAccess, type Reader } from './read-access.policy';
import { entriesFor, summaryFor, type EntryFacts } from './reader-view';
import { LocalDate } from '@ketenpad/calendar';

/**
 * Issue 12: every field of the summary a reader is shown derives only from
 * the events it may read. One pathway, one row per role.
 */
const today = LocalDate.parse('2026-03-20');
const GM = 'urn:nld:ketenpad:municipality:GM0363';
const GP = 'urn:nld:ketenpad:gp:HA-0001';
const SW = 'urn:nld:ketenpad:social-work:SW-AMS';
const SW_NOORD = 'urn:nld:ketenpad:social-work:SW-NOORD';
const SW_RTD = 'urn:nld:ketenpad:social-work:SW-RTD';
const RB = 'urn:nld:ketenpad:court-liaison:RB-AMS';
const PT = 'urn:nld:ketenpad:partner:PT-WOONSTAD';

const readers = {
  municipality: { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' },
  coordinator: { kind: 'coordinator', id: 'KR-001' },
  'social-work participant': { kind: 'social-work', id: 'SW-AMS', municipalityCode: 'GM0363' },
  'declined social worker': { kind: 'social-work', id: 'SW-NOORD' },
  'consent grantee (chain only)': { kind: 'partner', id: 'PT-WOONSTAD' },
  GP: { kind: 'gp', id: 'HA-0001', municipalityCode: 'GM0363' },
  'service-level id': { kind: 'social-work', id: 'ketenpad' },
  'referrer of a referral merged elsewhere': { kind: 'social-work', id: 'SW-RTD' },
} satisfies Record<string, Reader>;
type Role = keyof typeof readers;

/** Stored timeline entries of one pathway, in the order the read model holds them. */
function pathway(pathwayId: string, specs: Array<[string, string, string, Record<string, unknown>]>): EntryFacts[] {
  return specs.map(([type, source, classification, data], i) => {
    const occurredAt = `2026-03-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`;
    return {
      eventId: `${pathwayId.slice(0, 4)}-${i}`,
      type: `nl.ketenpad.${type}.v1`,
      source,
      classification,
      occurredAt,
      data: { at: occurredAt, ...data },
    };
  });
}
const asEvents = (pathwayId: string, entries: readonly EntryFacts[]): ChainEvent[] =>
  entries.map((e) => ({
    id: e.eventId,
    type: e.type,
    source: e.source,
    time: e.occurredAt,
    pathwayId,
    classification: e.classification,
    data: e.data,
  }));

function view(pathwayId: string, entries: EntryFacts[], reader: Reader) {
  const whole = foldSummary(undefined, asEvents(pathwayId, entries))!;
  const access = readAccess(whole, reader, today);
  if (!access.visible) return { whole, visible: false as const };
  const shown = entriesFor(access, reader, whole, entries);
  return { whole, visible: true as const, entries: shown, summary: summaryFor(access, whole, shown) };
}

const P = '11111111-1111-4111-8111-111111111111';
const events = pathway(P, [
  ['gp.referral-made', GP, 'chain', { referralId: 'r-gp', fromOrg: GP, toOrg: GM, residentPseudonym: 'pseudo-1' }],
  ['municipality.referral-accepted', GM, 'chain', { referralId: 'r-gp', by: GM, fromOrg: GP }],
  [
    'municipality.help-requested',
    GM,
    'chain',
    { channel: 'verwijzing', crisis: null, firstConversationDue: '2026-04-30', municipalityCode: 'GM0363' },
  ],
  ['municipality.referral-made', GM, 'chain', { referralId: 'r-sw', fromOrg: GM, toOrg: SW }],
  ['social-work.referral-accepted', SW, 'chain', { referralId: 'r-sw', by: SW }],
  ['municipality.referral-made', GM, 'chain', { referralId: 'r-rb', fromOrg: GM, toOrg: RB }],
  ['court-liaison.referral-accepted', RB, 'chain', { referralId: 'r-rb', by: RB }],
  ['court-liaison.wsnp-admitted', RB, 'legal', {}],
  ['municipality.phase-changed', GM, 'chain', { from: 'aanmelding', to: 'intake' }],
  [
    'municipality.consent-recorded',
    GM,
    'chain',
    { consentId: 'c-pt', grantee: PT, scope: ['chain'], validUntil: null },
  ],
  ['municipality.referral-made', GM, 'chain', { referralId: 'r-noord', fromOrg: GM, toOrg: SW_NOORD }],
  ['social-work.referral-declined', SW_NOORD, 'chain', { referralId: 'r-noord', by: SW_NOORD, declineReason: 'x' }],
  ['municipality.debts-inventoried', GM, 'financial', { debtCount: 4 }],
  ['gp.referral-outcome-received', GP, 'health-restricted', { referralId: 'r-gp', outcome: 'accepted' }],
  ['social-work.personal-data-erased', 'urn:nld:ketenpad:social-work:ketenpad', 'chain', { erasureId: 'e-1' }],
  // SW-RTD's referral, taken into this pathway from the referral's own pathway
  ['municipality.referral-accepted', GM, 'chain', { referralId: 'r-rtd', by: GM, fromOrg: SW_RTD, intoPathwayId: P }],
]);

describe('the summary each reader is shown (one pathway, per role)', () => {
  const table: Array<
    [
      Role,
      (
        | false
        | {
            legalStatus: string | null;
            referrals: string[];
            consents: string[];
            participants: string[];
            phases: string[];
            types: number;
          }
      ),
    ]
  > = [
    [
      'municipality',
      {
        legalStatus: 'wsnp',
        referrals: ['r-gp', 'r-sw', 'r-rb', 'r-noord', 'r-rtd'],
        consents: ['c-pt'],
        participants: [GP, GM, SW, RB],
        phases: ['intake'],
        types: 15,
      },
    ],
    [
      'coordinator',
      {
        legalStatus: 'wsnp',
        referrals: ['r-gp', 'r-sw', 'r-rb', 'r-noord', 'r-rtd'],
        consents: ['c-pt'],
        participants: [GP, GM, SW, RB],
        phases: ['intake'],
        types: 15,
      },
    ],
    [
      'social-work participant',
      {
        legalStatus: null,
        referrals: ['r-gp', 'r-sw', 'r-rb', 'r-noord', 'r-rtd'],
        consents: ['c-pt'],
        participants: [GP, GM, SW, RB],
        phases: ['intake'],
        types: 13,
      },
    ],
    ['declined social worker', false],
    [
      'consent grantee (chain only)',
      {
        legalStatus: null,
        referrals: ['r-gp', 'r-sw', 'r-rb', 'r-noord', 'r-rtd'],
        consents: ['c-pt'],
        participants: [GP, GM, SW, RB],
        phases: ['intake'],
        types: 13,
      },
    ],
    ['GP', { legalStatus: null, referrals: ['r-gp'], consents: [], participants: [GP, GM], phases: [], types: 2 }],
    ['service-level id', false],
    ['referrer of a referral merged elsewhere', false],
  ];

  it.each(table)('%s', (role, expected) => {
    // when
    const v = view(P, events, readers[role]);

    // then
    if (expected === false) {
      expect(v.visible).toBe(false);
      return;
    }
    expect(v.visible).toBe(true);
    if (!v.visible) return;
    expect(v.summary.legalStatus).toBe(expected.legalStatus);
    expect(v.summary.referrals.map((r) => r.referralId)).toEqual(expected.referrals);
    expect(v.summary.consents.map((c) => c.consentId)).toEqual(expected.consents);
    expect(v.summary.participants).toEqual(expected.participants);
    expect(v.summary.phaseHistory.map((p) => p.phase)).toEqual(expected.phases);
    expect(v.entries).toHaveLength(expected.types);
    // every field of the shown summary is the fold of exactly the entries shown, or the whole one
    const refold = foldSummary(undefined, asEvents(P, v.entries))!;
    const { producers: _p, ...refolded } = refold;
    if (role === 'municipality' || role === 'coordinator') {
      const { producers: _q, ...whole } = v.whole;
      expect(v.summary).toEqual(whole);
    } else expect(v.summary).toEqual({ ...refolded, mergedInto: null });
    // never the fold's bookkeeping, never the resident pseudonym, the merge target only for the whole view
    expect('producers' in v.summary).toBe(false);
    expect(JSON.stringify(v.entries)).not.toContain('residentPseudonym');
    const namesMergeTarget = v.entries.some((e) => 'intoPathwayId' in e.data);
    expect(namesMergeTarget).toBe(role === 'municipality' || role === 'coordinator');
  });

  it('keeps the response shape for a restricted reader: every field present, empty or null', () => {
    const v = view(P, events, readers.GP);
    const full = view(P, events, readers.municipality);
    if (!v.visible || !full.visible) throw new Error('both see the pathway');
    expect(Object.keys(v.summary).sort()).toEqual(Object.keys(full.summary).sort());
  });
});

describe('a referral seen by its referrer (SW-RTD refers a resident to GM0363)', () => {
  const OWN = '22222222-2222-4222-8222-222222222222';
  const MERGED = '33333333-3333-4333-8333-333333333333';
  const EXISTING = '44444444-4444-4444-8444-444444444444';
  const referralMade = (referralId: string): [string, string, string, Record<string, unknown>] => [
    'social-work.referral-made',
    SW_RTD,
    'chain',
    { referralId, fromOrg: SW_RTD, toOrg: GM, reason: 'financial-worries', residentPseudonym: 'pseudo-9' },
  ];
  // the resident had no pathway: the referral opens its own, which the municipality accepts
  const opened = pathway(OWN, [
    referralMade('r-1'),
    [
      'municipality.help-requested',
      GM,
      'chain',
      { channel: 'verwijzing', crisis: null, firstConversationDue: '2026-04-30', municipalityCode: 'GM0363' },
    ],
    ['municipality.referral-accepted', GM, 'chain', { referralId: 'r-1', by: GM, fromOrg: SW_RTD }],
    ['municipality.phase-changed', GM, 'chain', { from: 'aanmelding', to: 'intake' }],
  ]);
  // the resident had one: the municipality takes the referral into it and declares the referral's pathway merged
  const merged = pathway(MERGED, [
    referralMade('r-1'),
    ['municipality.pathway-merged', GM, 'chain', { intoPathwayId: EXISTING, referralId: 'r-1' }],
  ]);
  const existing = pathway(EXISTING, [
    [
      'municipality.help-requested',
      GM,
      'chain',
      { channel: 'balie', crisis: null, firstConversationDue: '2026-04-30', municipalityCode: 'GM0363' },
    ],
    ['court-liaison.wsnp-admitted', RB, 'legal', {}],
    [
      'municipality.referral-accepted',
      GM,
      'chain',
      { referralId: 'r-1', by: GM, fromOrg: SW_RTD, intoPathwayId: EXISTING },
    ],
  ]);
  const referrer = readers['referrer of a referral merged elsewhere'];
  /** What the referrer is shown, without what names the pathway itself (ids, times). */
  const learnt = (v: ReturnType<typeof view>) => {
    if (!v.visible) return 'nothing';
    const { pathwayId: _id, startedAt: _s, lastEventAt: _l, ...summary } = v.summary;
    return {
      summary: { ...summary, referrals: summary.referrals.map(({ madeAt: _m, answeredAt: _a, ...r }) => r) },
      entries: v.entries.map((e) => ({
        type: e.type,
        source: e.source,
        classification: e.classification,
        data: { ...e.data, at: undefined },
      })),
    };
  };

  it('learns the same whether or not the resident already had a pathway: that its referral was accepted', () => {
    // when
    const own = view(OWN, opened, referrer);
    const taken = view(MERGED, merged, referrer);

    // then
    expect(learnt(taken)).toEqual(learnt(own));
    expect(taken.visible && taken.summary.mergedInto).toBeNull();
    expect(taken.visible && taken.summary.closedAt).toBeNull();
    expect(taken.visible && taken.summary.referrals).toMatchObject([{ referralId: 'r-1', status: 'accepted' }]);
    expect(JSON.stringify(taken.visible && [taken.summary, taken.entries])).not.toContain(EXISTING.slice(0, 8));
  });

  it('is no participant of the pathway its referral was taken into, and cannot read it', () => {
    const v = view(EXISTING, existing, referrer);
    expect(v.whole.participants).not.toContain(SW_RTD);
    expect(v.visible).toBe(false);
  });

  it('reads nothing of the pathway its referral opened beyond the hand-off', () => {
    const v = view(OWN, opened, referrer);
    if (!v.visible) throw new Error('the referrer sees its referral');
    expect(v.entries.map((e) => e.type)).toEqual([
      'nl.ketenpad.social-work.referral-made.v1',
      'nl.ketenpad.municipality.referral-accepted.v1',
    ]);
    expect(v.summary.phaseHistory).toEqual([]);
    expect(v.summary.firstConversationDue).toBeNull();
  });

  it('shows the municipality and the coordinator the merge as it is', () => {
    for (const reader of [readers.municipality, readers.coordinator]) {
      const v = view(MERGED, merged, reader);
      if (!v.visible) throw new Error('whole view');
      expect(v.summary.mergedInto).toBe(EXISTING);
      expect(v.entries.map((e) => e.type)).toContain('nl.ketenpad.municipality.pathway-merged.v1');
    }
  });
});
