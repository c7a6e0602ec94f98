import { LocalDate } from '@ketenpad/calendar';
import { moratoriumEndsOn, moratoriumTermViolation, plusMonths } from './moratorium-term.rule';

const d = (iso: string) => LocalDate.parse(iso);

describe('moratorium term rule', () => {
  it('allows a moratorium that ends exactly six months after it starts', () => {
    // given / when
    const violation = moratoriumTermViolation(d('2025-03-12'), d('2025-09-12'));
    // then
    expect(violation).toBeUndefined();
  });

  it('refuses a moratorium one day longer than six months and names the latest end date', () => {
    // given / when
    const violation = moratoriumTermViolation(d('2025-03-12'), d('2025-09-13'));
    // then
    expect(violation).toBe('a moratorium lasts at most 6 months: endsAt may be 2025-09-12 at the latest');
  });

  it('refuses a moratorium that ends on or before the day it starts', () => {
    expect(moratoriumTermViolation(d('2025-03-12'), d('2025-03-12'))).toMatch(/must be after startsAt/);
    expect(moratoriumTermViolation(d('2025-03-12'), d('2025-03-01'))).toMatch(/must be after startsAt/);
  });

  it('counts months to the last day of a shorter month and across the year end', () => {
    expect(plusMonths(d('2025-08-31'), 6).toString()).toBe('2026-02-28');
    expect(plusMonths(d('2023-08-31'), 6).toString()).toBe('2024-02-29');
    expect(plusMonths(d('2025-12-15'), 1).toString()).toBe('2026-01-15');
  });

  it('makes the moratorium end due on the day after its last day', () => {
    expect(moratoriumEndsOn(d('2025-12-31')).toString()).toBe('2026-01-01');
  });
});
