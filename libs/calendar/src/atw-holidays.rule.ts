import { easterSunday } from './easter.computus';
import { LocalDate } from './local-date';

/** A day that is not a working day under the Algemene termijnenwet, with why. */
export interface NonWorkingDay {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  /** Human name, e.g. 'Tweede paasdag'. */
  readonly reason: string;
}

/**
 * The days that Algemene termijnenwet art. 3 itself makes non-working days in
 * `year`:
 * - lid 1, the generally recognised holidays: Nieuwjaarsdag, tweede paas- en
 *   pinksterdag, beide kerstdagen, Hemelvaartsdag, the day the King's birthday
 *   is celebrated (Koningsdag) and 5 May (every year, not only lustrum years:
 *   the Atw names "de vijfde mei" without condition);
 * - lid 2, Goede Vrijdag, which the Atw equates with those holidays by statute.
 *   (It is not a public holiday for most employers, but for legal terms it is:
 *   https://wetten.overheid.nl/BWBR0002448/ art. 3 lid 2.)
 *
 * Days equated by royal decree under lid 3 change every few years and are data,
 * not rules: see equated-days.json.
 */
export function atwHolidays(year: number): readonly NonWorkingDay[] {
  const easter = easterSunday(year);
  const day = (date: LocalDate, reason: string): NonWorkingDay => ({ date: date.toString(), reason });
  return [
    day(LocalDate.of(year, 1, 1), 'Nieuwjaarsdag'),
    day(easter.plusDays(-2), 'Goede Vrijdag (Atw art. 3 lid 2)'),
    day(easter.plusDays(1), 'Tweede paasdag'),
    day(kingsDay(year), 'Koningsdag'),
    day(LocalDate.of(year, 5, 5), 'Bevrijdingsdag'),
    day(easter.plusDays(39), 'Hemelvaartsdag'),
    day(easter.plusDays(50), 'Tweede pinksterdag'),
    day(LocalDate.of(year, 12, 25), 'Eerste kerstdag'),
    day(LocalDate.of(year, 12, 26), 'Tweede kerstdag'),
  ];
}

/**
 * The day the King's birthday is celebrated: 27 April, or Saturday 26 April
 * when the 27th is a Sunday (Wet van 17 februari 2014, Stb. 2014, 70, from
 * 2014). Before 2014 Koninginnedag was 30 April, moved to the 29th when the
 * 30th was a Sunday; kept so historic pathways compute as they did then.
 */
function kingsDay(year: number): LocalDate {
  const [month, day] = year >= 2014 ? [4, 27] : [4, 30];
  const date = LocalDate.of(year, month, day);
  return date.weekday === 7 ? date.plusDays(-1) : date;
}
