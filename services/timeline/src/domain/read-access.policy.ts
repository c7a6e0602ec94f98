import { LocalDate } from '@ketenpad/calendar';
import type { PathwaySummary } from './pathway-summary';

/** Who is reading: an organisation (kind + id + its municipality, if any). */
export interface Reader {
  kind: string;
  id: string;
  municipalityCode?: string;
}

export type ReadAccess = { visible: false } | { visible: true; classes: ReadonlySet<string> | 'all'; reason: string };

const ALL_BUT_HEALTH: ReadonlySet<string> = new Set(['chain', 'legal', 'financial']);
const PARTICIPANT: ReadonlySet<string> = new Set(['chain']);
const NOTHING_BEYOND_OWN: ReadonlySet<string> = new Set();

export function readerUrn(reader: Reader): string {
  return `urn:nld:ketenpad:${reader.kind}:${reader.id}`;
}

/**
 * Need-to-know for the chain timeline, decided in one place:
 * - the responsible municipality reads its own pathways (every class except health-restricted);
 * - a coordinator reads every pathway (the timeline holds no personal data);
 * - an organisation whose consent was withdrawn reads nothing of that pathway from then on;
 * - an organisation with valid consent reads the classes the consent covers;
 * - a GP reads only its own events (its referral and the outcome it was told), never the
 *   rest of the pathway: medical secrecy cuts both ways (EVENTS.md, gp);
 * - any other participant reads the `chain` class only;
 * - everyone else reads nothing (and learns nothing about existence).
 * `health-restricted` events are only ever shown to the organisation that produced them
 * (see {@link mayReadEvent}), and every reader sees its own events.
 */
export function readAccess(summary: PathwaySummary, reader: Reader, today: LocalDate): ReadAccess {
  if (reader.kind === 'municipality') {
    const own = summary.municipalityCode !== null && reader.municipalityCode === summary.municipalityCode;
    return own ? { visible: true, classes: ALL_BUT_HEALTH, reason: 'responsible municipality' } : { visible: false };
  }
  if (reader.kind === 'coordinator') return { visible: true, classes: ALL_BUT_HEALTH, reason: 'chain coordinator' };

  const urn = readerUrn(reader);
  const consents = summary.consents.filter((c) => c.grantee === urn);
  const valid = consents.filter((c) => c.withdrawnAt === null && (c.validUntil === null || !LocalDate.parse(c.validUntil.slice(0, 10)).isBefore(today)));
  if (valid.length > 0) {
    const classes = new Set(valid.flatMap((c) => c.scope).filter((c) => c !== 'health-restricted'));
    return { visible: true, classes, reason: 'consent' };
  }
  if (consents.some((c) => c.withdrawnAt !== null)) return { visible: false };
  if (summary.participants.includes(urn)) {
    return reader.kind === 'gp' ? { visible: true, classes: NOTHING_BEYOND_OWN, reason: 'referring GP' } : { visible: true, classes: PARTICIPANT, reason: 'participant' };
  }
  return { visible: false };
}

/** Whether one event of a visible pathway is shown to the reader. */
export function mayReadEvent(access: ReadAccess, event: { classification: string; source: string }, reader: Reader): boolean {
  if (!access.visible) return false;
  if (event.source === readerUrn(reader)) return true;
  if (event.classification === 'health-restricted') return false;
  return access.classes === 'all' || access.classes.has(event.classification);
}
