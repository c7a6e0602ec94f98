const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A calendar date without time or zone ('YYYY-MM-DD'). Legal terms (Wgs,
 * Algemene termijnenwet) count calendar days in the Netherlands, so an
 * instant is first converted to its date in Europe/Amsterdam
 * ({@link LocalDate.fromInstant}); after that no time zone plays a role.
 *
 * Internally the date is the number of days since 1970-01-01 (proleptic
 * Gregorian), which makes arithmetic exact and DST-free.
 */
export class LocalDate {
  private constructor(private readonly epochDay: number) {}

  /** Parses 'YYYY-MM-DD'; throws a RangeError for anything else, including 2025-02-30. */
  static parse(iso: string): LocalDate {
    const match = ISO_DATE.exec(iso);
    if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
    return LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  /** True when `iso` is a valid 'YYYY-MM-DD' calendar date. */
  static isValid(iso: string): boolean {
    try {
      LocalDate.parse(iso);
      return true;
    } catch {
      return false;
    }
  }

  /** Builds a date from year, month (1-12) and day; rejects dates that do not exist. */
  static of(year: number, month: number, day: number): LocalDate {
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (
      !Number.isInteger(year) ||
      check.getUTCFullYear() !== year ||
      check.getUTCMonth() !== month - 1 ||
      check.getUTCDate() !== day
    ) {
      throw new RangeError(`no such calendar date: ${year}-${month}-${day}`);
    }
    return new LocalDate(Math.round(ms / MS_PER_DAY));
  }

  /** The calendar date of an instant as seen in `timeZone` (default Europe/Amsterdam). */
  static fromInstant(instant: Date, timeZone = 'Europe/Amsterdam'): LocalDate {
    // en-CA formats as YYYY-MM-DD; formatToParts keeps us independent of that detail.
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(instant);
    const part = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((p) => p.type === type)?.value);
    return LocalDate.of(part('year'), part('month'), part('day'));
  }

  get year(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCFullYear();
  }

  get month(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCMonth() + 1;
  }

  get day(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCDate();
  }

  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  get weekday(): IsoWeekday {
    // 1970-01-01 was a Thursday (ISO 4).
    return ((((this.epochDay + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
  }

  plusDays(days: number): LocalDate {
    return new LocalDate(this.epochDay + days);
  }

  /** Whole days from this date to `other` (positive when `other` is later). */
  daysUntil(other: LocalDate): number {
    return other.epochDay - this.epochDay;
  }

  equals(other: LocalDate): boolean {
    return this.epochDay === other.epochDay;
  }

  isBefore(other: LocalDate): boolean {
    return this.epochDay < other.epochDay;
  }

  isAfter(other: LocalDate): boolean {
    return this.epochDay > other.epochDay;
  }

  /** 'YYYY-MM-DD'. */
  toString(): string {
    return new Date(this.epochDay * MS_PER_DAY).toISOString().slice(0, 10);
  }

  toJSON(): string {
    return this.toString();
  }
}
