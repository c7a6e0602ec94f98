import { LocalDate } from './local-date';

describe('LocalDate', () => {
  it('round-trips an ISO calendar date and knows its weekday', () => {
    const date = LocalDate.parse('2025-04-26');
    expect(date.toString()).toBe('2025-04-26');
    expect(date.weekday).toBe(6);
    expect(LocalDate.parse('2025-04-27').weekday).toBe(7);
    expect(LocalDate.parse('2025-04-28').weekday).toBe(1);
  });

  it('rejects strings that are not existing calendar dates', () => {
    expect(() => LocalDate.parse('2025-02-29')).toThrow(RangeError);
    expect(() => LocalDate.parse('2025-4-1')).toThrow(RangeError);
    expect(LocalDate.isValid('2024-02-29')).toBe(true);
  });

  it('adds days across month and year ends', () => {
    expect(LocalDate.parse('2025-12-30').plusDays(3).toString()).toBe('2026-01-02');
    expect(LocalDate.parse('2024-02-28').plusDays(1).toString()).toBe('2024-02-29');
    expect(LocalDate.parse('2025-03-01').daysUntil(LocalDate.parse('2025-03-29'))).toBe(28);
  });

  it('takes the calendar date of an instant in Europe/Amsterdam, not in UTC', () => {
    // summer time (UTC+2): 22:30Z is already the next day in Amsterdam
    expect(LocalDate.fromInstant(new Date('2025-03-30T22:30:00Z')).toString()).toBe('2025-03-31');
    // winter time (UTC+1)
    expect(LocalDate.fromInstant(new Date('2025-01-01T22:59:00Z')).toString()).toBe('2025-01-01');
    expect(LocalDate.fromInstant(new Date('2025-01-01T23:00:00Z')).toString()).toBe('2025-01-02');
  });
});
