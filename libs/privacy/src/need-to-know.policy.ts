/**
 * Need-to-know: the one authorisation policy that decides what of a pathway an
 * organisation may read (DESIGN.md privacy rule 3). The timeline, the partner
 * gateway's deliveries and `dataref` fetches, and the exports all ask it; it is
 * pure, so it is tested as a table.
 */

/** Event classifications, in order of increasing sensitivity. */
export type Classification = 'chain' | 'legal' | 'financial' | 'health-restricted';

/** Who is reading: an organisation (kind + id + its municipality, if any). */
export interface Reader {
  kind: string;
  id: string;
  municipalityCode?: string;
}

/** A consent the resident gave an organisation, as the pathway's events recorded it. */
export interface ConsentFact {
  /** Organisation URN of the grantee. */
  grantee: string;
  /** Classifications the consent covers. */
  scope: readonly string[];
  /** Last valid day (`YYYY-MM-DD…`), or null when open-ended. */
  validUntil: string | null;
  /** When it was withdrawn, or null. */
  withdrawnAt: string | null;
}

/** What the chain knows about a pathway that decides access to it. */
export interface PathwayAccessFacts {
  /** CBS code of the responsible municipality, once known. */
  municipalityCode: string | null;
  /** Organisation URNs that took part (produced events, or were referred to and did not decline). */
  participants: readonly string[];
  consents: readonly ConsentFact[];
}

export type ReadAccess = { visible: false } | { visible: true; classes: ReadonlySet<string>; reason: ReadReason };

export type ReadReason = 'responsible municipality' | 'chain coordinator' | 'consent' | 'referring GP' | 'participant';

const ALL_BUT_HEALTH: ReadonlySet<string> = new Set(['chain', 'legal', 'financial']);
const PARTICIPANT: ReadonlySet<string> = new Set(['chain']);
const NOTHING_BEYOND_OWN: ReadonlySet<string> = new Set();

export function readerUrn(reader: Reader): string {
  return `urn:nld:ketenpad:${reader.kind}:${reader.id}`;
}

/**
 * Whether `reader` may see the pathway at all and which classes of other
 * organisations' events it sees, on `today` (`YYYY-MM-DD`):
 * - the responsible municipality reads its own pathways (every class except health-restricted);
 * - a coordinator reads every pathway, pseudonymous (the timeline holds no personal data);
 * - an organisation whose consent was withdrawn reads nothing of that pathway from then on;
 * - an organisation with valid consent reads the classes the consent covers;
 * - a GP reads only its own events (its referral and the outcome it was told), never the
 *   rest of the pathway: medical secrecy cuts both ways (EVENTS.md, gp);
 * - any other participant (social work, court liaison, a partner referred to) reads `chain` only;
 * - everyone else reads nothing (and learns nothing about existence).
 * `health-restricted` events are only ever shown to the organisation that produced
 * them (see {@link mayReadEvent}), and every reader sees its own events.
 */
export function readAccess(facts: PathwayAccessFacts, reader: Reader, today: string): ReadAccess {
  if (reader.kind === 'municipality') {
    const own = facts.municipalityCode !== null && reader.municipalityCode === facts.municipalityCode;
    return own ? { visible: true, classes: ALL_BUT_HEALTH, reason: 'responsible municipality' } : { visible: false };
  }
  if (reader.kind === 'coordinator') return { visible: true, classes: ALL_BUT_HEALTH, reason: 'chain coordinator' };

  const urn = readerUrn(reader);
  const consents = facts.consents.filter((c) => c.grantee === urn);
  const day = today.slice(0, 10);
  const valid = consents.filter(
    (c) => c.withdrawnAt === null && (c.validUntil === null || c.validUntil.slice(0, 10) >= day),
  );
  if (valid.length > 0) {
    const classes = new Set(valid.flatMap((c) => c.scope).filter((c) => c !== 'health-restricted'));
    return { visible: true, classes, reason: 'consent' };
  }
  if (consents.some((c) => c.withdrawnAt !== null)) return { visible: false };
  if (facts.participants.includes(urn)) {
    return reader.kind === 'gp'
      ? { visible: true, classes: NOTHING_BEYOND_OWN, reason: 'referring GP' }
      : { visible: true, classes: PARTICIPANT, reason: 'participant' };
  }
  return { visible: false };
}

/** Whether one event of a pathway is shown to the reader, given its access to that pathway. */
export function mayReadEvent(
  access: ReadAccess,
  event: { classification: string; source: string },
  reader: Reader,
): boolean {
  if (!access.visible) return false;
  if (event.source === readerUrn(reader)) return true;
  if (event.classification === 'health-restricted') return false;
  return access.classes.has(event.classification);
}
