import { LocalDate } from '@ketenpad/calendar';
import { emptySummary, type PathwaySummary } from './pathway-summary';
import { mayReadEvent, readAccess, type Reader } from './read-access.policy';

const today = LocalDate.parse('2026-03-10');
const sw: Reader = { kind: 'social-work', id: 'SW-AMS', municipalityCode: 'GM0363' };
const swUrn = 'urn:nld:ketenpad:social-work:SW-AMS';
function summary(overrides: Partial<PathwaySummary> = {}): PathwaySummary {
  const base = emptySummary({ id: 'e', type: 't', source: 's', time: '2026-03-01T00:00:00Z', pathwayId: 'p', classification: 'chain', data: {} });
  return { ...base, municipalityCode: 'GM0363', participants: ['urn:nld:ketenpad:municipality:GM0363'], ...overrides };
}
const consent = (o: Partial<PathwaySummary['consents'][number]> = {}) => ({ consentId: 'c1', grantee: swUrn, scope: ['chain', 'financial'], validUntil: '2026-12-31', withdrawnAt: null, ...o });

describe('read access to a pathway timeline', () => {
  const cases: Array<[string, Reader, Partial<PathwaySummary>, false | string[]]> = [
    ['the responsible municipality', { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' }, {}, ['chain', 'legal', 'financial']],
    ['another municipality', { kind: 'municipality', id: 'GM0344', municipalityCode: 'GM0344' }, {}, false],
    ['a coordinator', { kind: 'coordinator', id: 'KR-001' }, {}, ['chain', 'legal', 'financial']],
    ['an organisation with no part in it', sw, {}, false],
    ['a participant without consent', sw, { participants: [swUrn] }, ['chain']],
    ['a grantee of valid consent', sw, { consents: [consent()] }, ['chain', 'financial']],
    ['a participant whose consent was withdrawn', sw, { participants: [swUrn], consents: [consent({ withdrawnAt: '2026-03-05T10:00:00Z' })] }, false],
    ['a participant whose consent expired', sw, { participants: [swUrn], consents: [consent({ validUntil: '2026-03-09' })] }, ['chain']],
    ['a grantee whose consent expires today', sw, { consents: [consent({ validUntil: '2026-03-10' })] }, ['chain', 'financial']],
    ['a referring GP (own events only)', { kind: 'gp', id: 'HA-0001' }, { participants: ['urn:nld:ketenpad:gp:HA-0001'] }, []],
    ['a grantee with a new consent after a withdrawal', sw, { consents: [consent({ withdrawnAt: '2026-03-02T10:00:00Z' }), consent({ consentId: 'c2', scope: ['legal'] })] }, ['legal']],
  ];

  it.each(cases)('%s', (_name, reader, overrides, expected) => {
    const access = readAccess(summary(overrides), reader, today);
    if (expected === false) expect(access.visible).toBe(false);
    else {
      expect(access.visible).toBe(true);
      if (access.visible) expect(access.classes === 'all' ? 'all' : [...access.classes].sort()).toEqual([...expected].sort());
    }
  });

  it('shows health-restricted events only to the organisation that produced them', () => {
    const gp: Reader = { kind: 'gp', id: 'HA-0001' };
    const municipality: Reader = { kind: 'municipality', id: 'GM0363', municipalityCode: 'GM0363' };
    const event = { classification: 'health-restricted', source: 'urn:nld:ketenpad:gp:HA-0001' };
    const s = summary({ participants: ['urn:nld:ketenpad:municipality:GM0363', 'urn:nld:ketenpad:gp:HA-0001'] });
    expect(mayReadEvent(readAccess(s, gp, today), event, gp)).toBe(true);
    expect(mayReadEvent(readAccess(s, municipality, today), event, municipality)).toBe(false);
  });

  it('shows a participant its own events of any class, and others only in the allowed classes', () => {
    const s = summary({ participants: [swUrn] });
    const access = readAccess(s, sw, today);
    expect(mayReadEvent(access, { classification: 'financial', source: swUrn }, sw)).toBe(true);
    expect(mayReadEvent(access, { classification: 'financial', source: 'urn:nld:ketenpad:municipality:GM0363' }, sw)).toBe(false);
    expect(mayReadEvent(access, { classification: 'chain', source: 'urn:nld:ketenpad:municipality:GM0363' }, sw)).toBe(true);
  });
});
