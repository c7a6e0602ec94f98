import { LocalDate } from './local-date';
import { WorkingDayCalendar } from './working-day.calendar';
import { parseEquatedDays } from './equated-days';

const d = (iso: string): LocalDate => LocalDate.parse(iso);

describe('WorkingDayCalendar (Algemene termijnenwet)', () => {
  const calendar = WorkingDayCalendar.netherlands();

  it('treats Saturdays and Sundays as non-working days', () => {
    expect(calendar.isWorkingDay(d('2025-03-07'))).toBe(true); // Friday
    expect(calendar.isWorkingDay(d('2025-03-08'))).toBe(false);
    expect(calendar.isWorkingDay(d('2025-03-09'))).toBe(false);
  });

  it.each([
    ['2025-01-01', 'Nieuwjaarsdag'],
    ['2025-04-21', 'Tweede paasdag'],
    ['2025-05-29', 'Hemelvaartsdag'],
    ['2025-06-09', 'Tweede pinksterdag'],
    ['2026-04-27', 'Koningsdag'],
    ['2026-05-05', 'Bevrijdingsdag'],
    ['2025-12-25', 'Eerste kerstdag'],
    ['2025-12-26', 'Tweede kerstdag'],
  ])('recognises %s as %s (Atw art. 3 lid 1)', (iso, name) => {
    expect(calendar.isWorkingDay(d(iso))).toBe(false);
    expect(calendar.holidayOn(d(iso))).toBe(name);
  });

  it('celebrates Koningsdag on Saturday 26 April when 27 April is a Sunday (2025)', () => {
    expect(calendar.holidayOn(d('2025-04-26'))).toBe('Koningsdag');
    expect(calendar.holidayOn(d('2025-04-27'))).toBeUndefined();
  });

  it('keeps 5 May a holiday in years that are not a lustrum (Atw names it without condition)', () => {
    expect(calendar.isWorkingDay(d('2026-05-05'))).toBe(false);
    expect(calendar.isWorkingDay(d('2027-05-05'))).toBe(false);
  });

  it('treats Goede Vrijdag as a non-working day because Atw art. 3 lid 2 equates it by statute', () => {
    // Goede Vrijdag is no public holiday for most employers, but for legal terms it is.
    expect(calendar.isWorkingDay(d('2025-04-18'))).toBe(false);
    expect(calendar.holidayOn(d('2025-04-18'))).toMatch(/Goede Vrijdag/);
  });

  it('treats days equated by decree as non-working days and takes them from injected data', () => {
    // given the bundled decree data, and a calendar without any decree data
    const withoutDecrees = new WorkingDayCalendar([]);
    // then the Friday after Ascension 2025 only counts as non-working with the decree
    expect(calendar.isWorkingDay(d('2025-05-30'))).toBe(false);
    expect(withoutDecrees.isWorkingDay(d('2025-05-30'))).toBe(true);
  });

  it('accepts updated decree data that adds an equated day', () => {
    // given
    const updated = new WorkingDayCalendar(
      parseEquatedDays({ days: [{ date: '2030-05-31', reason: 'Vrijdag na Hemelvaartsdag' }] }),
    );
    // then
    expect(updated.isWorkingDay(d('2030-05-31'))).toBe(false);
    expect(updated.holidayOn(d('2030-05-31'))).toBe('Vrijdag na Hemelvaartsdag');
  });

  it('rejects malformed decree data instead of silently ignoring it', () => {
    expect(() => parseEquatedDays({ days: [{ date: '2030-02-30', reason: 'x' }] })).toThrow(/YYYY-MM-DD/);
    expect(() => parseEquatedDays({ days: [{ date: '2030-05-31' }] })).toThrow(/reason/);
    expect(() => parseEquatedDays([])).toThrow(/days/);
  });

  it('finds the next working day on or after a date', () => {
    expect(calendar.nextWorkingDayOnOrAfter(d('2025-03-05')).toString()).toBe('2025-03-05');
    expect(calendar.nextWorkingDayOnOrAfter(d('2025-04-18')).toString()).toBe('2025-04-22');
  });

  it('adds working days forwards and backwards, skipping weekends and holidays', () => {
    expect(calendar.addWorkingDays(d('2025-04-17'), 1).toString()).toBe('2025-04-22');
    expect(calendar.addWorkingDays(d('2025-04-22'), -1).toString()).toBe('2025-04-17');
    expect(calendar.addWorkingDays(d('2025-04-19'), 0).toString()).toBe('2025-04-19');
  });

  it('counts working days in (a, b] consistently with addWorkingDays', () => {
    const start = d('2025-12-19');
    for (const n of [0, 1, 3, 7, 15]) {
      expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n);
    }
    // 2025-12-22..2026-01-02 has 6 working days: 22, 23, 24, 29, 30, 31 (2 Jan 2026 is equated)
    expect(calendar.workingDaysBetween(d('2025-12-21'), d('2026-01-04'))).toBe(6);
    expect(calendar.workingDaysBetween(d('2026-01-04'), d('2025-12-21'))).toBe(-6);
  });
});
