import type { LocalDate } from '@ketenpad/calendar';
import { readAccess as needToKnow, type ReadAccess, type Reader } from '@ketenpad/privacy';
import type { PathwaySummary } from './pathway-summary';

export { mayReadEvent, readerUrn, seesWholePathway, type ReadAccess, type Reader } from '@ketenpad/privacy';

/** The timeline asks the chain's one need-to-know policy (`@ketenpad/privacy`) with a pathway's summary. */
export function readAccess(summary: PathwaySummary, reader: Reader, today: LocalDate): ReadAccess {
  return needToKnow(summary, reader, today.toString());
}
