import { LocalDate } from './local-date';
import { WorkingDayCalendar } from './working-day.calendar';
import { WgsDeadlinePolicy } from './wgs-deadline.policy';

const d = (iso: string): LocalDate => LocalDate.parse(iso);

describe('WgsDeadlinePolicy', () => {
  const policy = new WgsDeadlinePolicy(WorkingDayCalendar.netherlands());
  const normal = (iso: string): string => policy.firstConversationDue(d(iso), false).dueOn.toString();
  const crisis = (iso: string): string => policy.firstConversationDue(d(iso), true).dueOn.toString();

  describe('four weeks after the request', () => {
    it('is request date + 28 days when that is a working day', () => {
      expect(normal('2025-03-05')).toBe('2025-04-02');
      expect(policy.firstConversationDue(d('2025-03-05'), false).term).toBe('four-weeks');
    });

    it('runs on to Monday when it ends on a weekend', () => {
      expect(normal('2025-03-01')).toBe('2025-03-31'); // ends Saturday 29 March
    });

    it('runs on past Easter Monday', () => {
      expect(normal('2025-03-24')).toBe('2025-04-22'); // ends on Monday 21 April
    });

    it('runs on past Goede Vrijdag, the Easter weekend and Easter Monday', () => {
      expect(normal('2025-03-21')).toBe('2025-04-22'); // ends Friday 18 April
    });

    it('runs on past Ascension Day and the equated Friday after it', () => {
      expect(normal('2025-05-01')).toBe('2025-06-02'); // ends Thursday 29 May
    });

    it('runs on past Whit Monday', () => {
      expect(normal('2025-05-12')).toBe('2025-06-10'); // ends Monday 9 June
    });

    it('runs on past Koningsdag on a weekday', () => {
      expect(normal('2026-03-30')).toBe('2026-04-28'); // ends Monday 27 April 2026
    });

    it('runs on past Koningsdag moved to Saturday 26 April because the 27th is a Sunday (2025)', () => {
      expect(normal('2025-03-29')).toBe('2025-04-28'); // ends Saturday 26 April
    });

    it('runs on past 5 May', () => {
      expect(normal('2026-04-07')).toBe('2026-05-06'); // ends Tuesday 5 May 2026
    });

    it('runs on past New Year and the equated 2 January across the year end', () => {
      expect(normal('2025-12-04')).toBe('2026-01-05'); // ends Thursday 1 January 2026
    });
  });

  describe('three working days in a crisis', () => {
    it('is the 3rd working day after the request', () => {
      expect(crisis('2025-03-03')).toBe('2025-03-06');
      expect(policy.firstConversationDue(d('2025-03-03'), true).term).toBe('crisis-three-working-days');
    });

    it('does not count the weekend', () => {
      expect(crisis('2025-03-06')).toBe('2025-03-11');
    });

    it('does not count the Easter long weekend', () => {
      expect(crisis('2025-04-17')).toBe('2025-04-24');
    });

    it('does not count the Whitsun long weekend', () => {
      expect(crisis('2025-06-06')).toBe('2025-06-12');
    });

    it('does not count Christmas, the equated Friday and New Year across the year end', () => {
      expect(crisis('2024-12-24')).toBe('2025-01-02');
      expect(crisis('2025-12-23')).toBe('2025-12-30');
    });

    it('counts from the request date even when that is itself not a working day', () => {
      expect(crisis('2025-03-08')).toBe('2025-03-12'); // Saturday -> Mon, Tue, Wed
    });
  });

  describe('deadline met', () => {
    it('compares the Amsterdam calendar date of the conversation with the deadline', () => {
      expect(policy.deadlineMet(new Date('2025-03-06T22:30:00Z'), d('2025-03-06'))).toBe(true);
      expect(policy.deadlineMet(new Date('2025-03-06T23:30:00Z'), d('2025-03-06'))).toBe(false);
    });
  });
});
