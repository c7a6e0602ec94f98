import { atwHolidays, type NonWorkingDay } from './atw-holidays.rule';
import { BUNDLED_EQUATED_DAYS } from './equated-days';
import { LocalDate } from './local-date';

/**
 * Working days in the sense of the Algemene termijnenwet: every day except
 * Saturday, Sunday, the holidays of art. 3 lid 1-2 (rules, computed per year)
 * and the days equated by decree under art. 3 lid 3 (data, injected).
 */
export class WorkingDayCalendar {
  private readonly equated: ReadonlyMap<string, string>;
  private readonly holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

  constructor(equatedDays: readonly NonWorkingDay[]) {
    this.equated = new Map(equatedDays.map((d) => [d.date, d.reason]));
  }

  /** The calendar with the equated days bundled with this service. */
  static netherlands(): WorkingDayCalendar {
    return new WorkingDayCalendar(BUNDLED_EQUATED_DAYS);
  }

  /** Why `date` is a holiday or equated day, or undefined (weekends are not named). */
  holidayOn(date: LocalDate): string | undefined {
    const key = date.toString();
    return this.holidaysOf(date.year).get(key) ?? this.equated.get(key);
  }

  isWorkingDay(date: LocalDate): boolean {
    return date.weekday <= 5 && this.holidayOn(date) === undefined;
  }

  /** `date` itself when it is a working day, else the first working day after it (Atw art. 1). */
  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = day.plusDays(1);
    return day;
  }

  /**
   * The `n`-th working day after `date` (`date` itself does not count);
   * negative `n` counts backwards; 0 returns `date`.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    const step = n < 0 ? -1 : 1;
    let day = date;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      day = day.plusDays(step);
      if (this.isWorkingDay(day)) remaining -= 1;
    }
    return day;
  }

  /**
   * Working days in the half-open range (a, b]: so that
   * `workingDaysBetween(a, addWorkingDays(a, n)) === n`. Negative when b < a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (b.isBefore(a)) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let day = a.plusDays(1); !day.isAfter(b); day = day.plusDays(1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }

  private holidaysOf(year: number): ReadonlyMap<string, string> {
    let holidays = this.holidaysByYear.get(year);
    if (!holidays) {
      holidays = new Map(atwHolidays(year).map((d) => [d.date, d.reason]));
      this.holidaysByYear.set(year, holidays);
    }
    return holidays;
  }
}
