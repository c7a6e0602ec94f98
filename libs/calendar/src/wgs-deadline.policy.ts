import { LocalDate } from './local-date';
import type { WorkingDayCalendar } from './working-day.calendar';

/** Which Wgs term produced a first-conversation deadline. */
export type WgsTerm = 'four-weeks' | 'crisis-three-working-days';

/** Deadline for the first conversation after a help request. */
export interface FirstConversationDeadline {
  readonly dueOn: LocalDate;
  readonly term: WgsTerm;
}

/**
 * Wgs first-conversation terms, counted on the Algemene termijnenwet calendar.
 *
 * - Normal: within 4 weeks of the help request: request date + 28 days; a
 *   term that ends on a Saturday, Sunday or (equated) holiday runs on to the
 *   next working day (Atw art. 1 lid 1).
 * - Crisis (threat of eviction; cut-off of gas, electricity, water or heat;
 *   termination of health insurance; or another threat in the municipal
 *   crisis protocol): within 3 working days: the 3rd working day after the
 *   request date (Wgs art. 4a lid 2 / NVVK "binnen 3 werkdagen").
 */
export class WgsDeadlinePolicy {
  constructor(private readonly calendar: WorkingDayCalendar) {}

  firstConversationDue(requestDate: LocalDate, crisis: boolean): FirstConversationDeadline {
    if (crisis) {
      return { dueOn: this.calendar.addWorkingDays(requestDate, 3), term: 'crisis-three-working-days' };
    }
    return { dueOn: this.calendar.nextWorkingDayOnOrAfter(requestDate.plusDays(28)), term: 'four-weeks' };
  }

  /** Whether a conversation held at `heldAt` (its Amsterdam calendar date) met `dueOn`. */
  deadlineMet(heldAt: Date, dueOn: LocalDate): boolean {
    return !LocalDate.fromInstant(heldAt).isAfter(dueOn);
  }
}
