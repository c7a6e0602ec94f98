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

/** A referral of the pathway, as far as access to it is concerned. */
export interface ReferralFact {
  referralId: string;
  /** Organisation URN that made it (null until seen). */
  fromOrg: string | null;
  /** Organisation URN it was made to (null until seen). */
  toOrg: string | null;
  status: string;
}

/** What the chain knows about a pathway that decides access to it. */
export interface PathwayAccessFacts {
  /** CBS code of the responsible municipality, once known. */
  municipalityCode: string | null;
  /** Organisation URNs that took part (produced events, or were referred to and did not decline). */
  participants: readonly string[];
  consents: readonly ConsentFact[];
  /**
   * The pathway's referrals, where the caller knows them: an organisation that
   * only referred (it made referrals on the pathway and was never referred to)
   * then reads only the hand-off (its own events and the answers to its referrals).
   */
  referrals?: readonly ReferralFact[];
}

export type ReadAccess =
  | { visible: false }
  | {
      visible: true;
      classes: ReadonlySet<string>;
      reason: ReadReason;
      /** For a `referrer`: the referrals whose answers it reads. */
      referralIds?: readonly string[];
    };

export type ReadReason =
  | 'responsible municipality'
  | 'chain coordinator'
  | 'consent'
  | 'referring GP'
  | 'referrer'
  | 'participant';

/**
 * Organisation ids that named a service of the chain in the older source form
 * `urn:nld:ketenpad:<kind>:ketenpad` (still on topics and in stored events);
 * reserved, never a participant and never a reader. Services now publish on
 * their own account as `urn:nld:ketenpad:<kind>`, outside the organisation namespace.
 */
export const SERVICE_LEVEL_ORGANISATION_IDS: readonly string[] = ['ketenpad'];

/** Whether an organisation id is reserved for the chain's services (case-insensitive). */
export function isServiceLevelId(id: string): boolean {
  return SERVICE_LEVEL_ORGANISATION_IDS.includes(id.toLowerCase());
}

/**
 * Whether a CloudEvents source names a service of the chain rather than an organisation:
 * `urn:nld:ketenpad:<kind>` (no organisation segment), or the older `urn:nld:ketenpad:<kind>:ketenpad`.
 */
export function isServiceLevelSource(source: string): boolean {
  const match = /^urn:nld:ketenpad:[a-z-]+(?::([^:]+))?$/.exec(source);
  return match !== null && (match[1] === undefined || isServiceLevelId(match[1]));
}

/** Whether the full view of a pathway (every field of its summary) is the reader's. */
export function seesWholePathway(access: ReadAccess): boolean {
  return access.visible && (access.reason === 'responsible municipality' || access.reason === 'chain coordinator');
}

/** The answers to a referral that its referrer reads (`nl.ketenpad.<producer>.<name>.v<n>`). */
const REFERRAL_ANSWERS: readonly string[] = ['referral-accepted', 'referral-declined', 'pathway-merged'];

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
 * - an organisation that only referred (made referrals, was never referred to) reads the
 *   hand-off only: its own events and the answers to its referrals, never the rest of the
 *   pathway (a referral is no access grant: a referral the municipality takes into the
 *   resident's existing pathway must teach the referrer nothing about that pathway);
 * - any other participant (social work, court liaison, a partner referred to) reads `chain` only;
 * - a service-level id (`ketenpad`) is no organisation and reads nothing;
 * - everyone else reads nothing (and learns nothing about existence).
 * `health-restricted` events are only ever shown to the organisation that produced
 * them (see {@link mayReadEvent}), and every reader sees its own events.
 */
export function readAccess(facts: PathwayAccessFacts, reader: Reader, today: string): ReadAccess {
  if (reader.kind === 'municipality') {
    const own = facts.municipalityCode !== null && reader.municipalityCode === facts.municipalityCode;
    return own ? { visible: true, classes: ALL_BUT_HEALTH, reason: 'responsible municipality' } : { visible: false };
  }
  if (isServiceLevelId(reader.id)) return { visible: false };
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
    const referrals = facts.referrals ?? [];
    const made = referrals.filter((r) => r.fromOrg === urn).map((r) => r.referralId);
    // Medical secrecy cuts both ways: a GP is told the outcome by its own service (its own events).
    if (reader.kind === 'gp') return { visible: true, classes: NOTHING_BEYOND_OWN, reason: 'referring GP' };
    const referredTo = referrals.some((r) => r.toOrg === urn && r.status !== 'declined');
    if (made.length > 0 && !referredTo)
      return { visible: true, classes: NOTHING_BEYOND_OWN, reason: 'referrer', referralIds: made };
    return { visible: true, classes: PARTICIPANT, reason: 'participant' };
  }
  return { visible: false };
}

/**
 * Whether one event of a pathway is shown to the reader, given its access to that pathway.
 * A referrer also reads the answers to its referrals, which it can only be told when the
 * event's `type` and `data` are given.
 */
export function mayReadEvent(
  access: ReadAccess,
  event: { classification: string; source: string; type?: string; data?: Readonly<Record<string, unknown>> },
  reader: Reader,
): boolean {
  if (!access.visible) return false;
  if (event.source === readerUrn(reader)) return true;
  if (event.classification === 'health-restricted') return false;
  if (access.reason === 'referrer') return isAnswerTo(event, access.referralIds ?? []);
  return access.classes.has(event.classification);
}

function isAnswerTo(
  event: { type?: string; data?: Readonly<Record<string, unknown>> },
  referralIds: readonly string[],
): boolean {
  const name = /^nl\.ketenpad\.[a-z-]+\.([a-z-]+)\.v\d+$/.exec(event.type ?? '')?.[1];
  const referralId = event.data?.referralId;
  return (
    name !== undefined &&
    REFERRAL_ANSWERS.includes(name) &&
    typeof referralId === 'string' &&
    referralIds.includes(referralId)
  );
}
