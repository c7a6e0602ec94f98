import { describe, expect, it } from '@jest/globals';
import { longDate, organisationOf, workingDaysSince, workingDaysUntil } from './format';

describe('dates and working days on the pages', () => {
  it('writes a Wgs deadline in Dutch as weekday, day, month and year', () => {
    // given / when / then
    expect(longDate('2026-12-08', 'nl-NL')).toBe('dinsdag 8 december 2026');
  });

  it('counts working days on the Atw calendar: weekends and public holidays do not count', () => {
    // given Thursday 24 December 2026; Christmas (Fri 25, Sat 26) and a weekend follow
    const now = new Date('2026-12-24T10:00:00+01:00');
    // when / then
    expect(workingDaysUntil('2026-12-28', now)).toBe(1);
    expect(workingDaysUntil('2026-12-29', now)).toBe(2);
    expect(workingDaysUntil('2026-12-22', now)).toBe(-2);
    expect(workingDaysSince('2026-12-21T09:00:00+01:00', now)).toBe(3);
  });

  it('reads an organisation from its URN', () => {
    // given / when / then
    expect(organisationOf('urn:nld:ketenpad:court-liaison:RB-AMS')).toEqual({ kind: 'court-liaison', id: 'RB-AMS' });
    expect(organisationOf('not a urn')).toBeUndefined();
  });
});
