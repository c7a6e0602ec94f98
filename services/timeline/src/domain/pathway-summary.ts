import { isServiceLevelSource } from '@ketenpad/privacy';
import { bool, type ChainEvent, parseEventType, parseSource, str } from './chain-event';

export type DeadlineKind = 'first-conversation' | 'referral-acceptance' | 'moratorium-end';

export interface OpenDeadline {
  kind: DeadlineKind;
  /** Calendar date (YYYY-MM-DD) or instant, as the producing service computed it. */
  due: string;
  /** The referral a referral-acceptance deadline belongs to. */
  referralId?: string;
}

export interface ReferralState {
  referralId: string;
  /** Null until the referral-made event is seen (answers may arrive first: they travel on another topic). */
  fromOrg: string | null;
  toOrg: string | null;
  madeAt: string | null;
  status: 'waiting' | 'accepted' | 'declined';
  answeredAt?: string;
  firstContactAt?: string;
  declineReason?: string;
  /** True when this referral sends the case back to an organisation that referred it on before (ping-pong). */
  bounce: boolean;
}

/** One phase change as the municipality reported it (`phase-changed`). */
export interface PhaseChange {
  phase: string;
  at: string;
}

export interface ConsentState {
  consentId: string;
  /** Organisation URN the resident consented to share with. */
  grantee: string;
  /** Classifications the grantee may read. */
  scope: string[];
  validUntil: string | null;
  withdrawnAt: string | null;
}

/**
 * The current state of one pathway as the chain sees it: built only from events,
 * holds no personal data.
 */
export interface PathwaySummary {
  pathwayId: string;
  municipalityCode: string | null;
  phase: string;
  crisis: string | null;
  legalStatus: string | null;
  /** Organisation URN (`urn:nld:ketenpad:<kind>:<id>`, as in `source`) that currently owns the case. */
  owner: string | null;
  /**
   * Organisation URNs that take part (need-to-know, DESIGN.md rule 3): those that produced
   * events, and those referred to that did not decline. Never a referrer whose referral was
   * taken into this pathway from another one (it made no event here), never an organisation
   * that only declined, never a service-level source (`urn:nld:ketenpad:<kind>`, or the older `…:<kind>:ketenpad`).
   */
  participants: string[];
  /**
   * Internal to the fold, never shown to a reader: organisations that produced an event other
   * than a referral's decline (absent in summaries folded before it existed).
   */
  producers?: string[];
  openDeadlines: OpenDeadline[];
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  firstConversationDeadlineMet: boolean | null;
  referrals: ReferralState[];
  consents: ConsentState[];
  /** Set when this pathway (opened by a referral) was taken into an existing pathway of the same resident. */
  mergedInto: string | null;
  /** Every phase change, ordered by time then phase, whatever order the events arrived in (phase durations are measured from it). */
  phaseHistory: PhaseChange[];
  closedAt: string | null;
  closeReason: string | null;
  /** The phase the pathway was in when it closed (`pathway-closed.phaseAtClose`), for drop-out per phase. */
  phaseAtClose: string | null;
  eventCount: number;
  /**
   * When the pathway began in business time: the earliest moment any of its
   * facts happened ({@link happenedAt}: the help request's `requestedAt`, a
   * referral's `at`, ...), not when the timeline received the first event.
   */
  startedAt: string;
  /** When the timeline last recorded an event of the pathway (recording time: activity). */
  lastEventAt: string;
}

export function emptySummary(event: ChainEvent): PathwaySummary {
  return {
    pathwayId: event.pathwayId,
    municipalityCode: null,
    phase: 'aanmelding',
    crisis: null,
    legalStatus: null,
    owner: null,
    participants: [],
    producers: [],
    openDeadlines: [],
    firstConversationDue: null,
    firstConversationHeldAt: null,
    firstConversationDeadlineMet: null,
    referrals: [],
    consents: [],
    mergedInto: null,
    phaseHistory: [],
    closedAt: null,
    closeReason: null,
    phaseAtClose: null,
    eventCount: 0,
    startedAt: happenedAt(event),
    lastEventAt: event.time,
  };
}

/** The data field that says when an event's fact happened, where it is not `at`. */
const HAPPENED_AT_FIELD: Readonly<Record<string, string | null>> = {
  'help-requested': 'requestedAt',
  'early-signal-received': 'signalledAt',
  'first-conversation-held': 'heldAt',
  'intake-decided': 'decidedAt',
  // `at` is when the hearing will be, not when it was scheduled.
  'hearing-scheduled': null,
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * When the fact an event reports happened (business time): the time its
 * producer recorded for it (`requestedAt`, `heldAt`, `at`, ...), which may be
 * long before the event was published when a counsellor enters something
 * after the fact. Never later than the event itself (a fact cannot be
 * published before it happened) and the event's time when the data names no
 * valid moment. Always a normalised ISO instant, so instants compare as strings.
 */
export function happenedAt(event: ChainEvent, name: string = parseEventType(event.type)?.name ?? ''): string {
  const field = name in HAPPENED_AT_FIELD ? HAPPENED_AT_FIELD[name] : 'at';
  const recorded = new Date(event.time).toISOString();
  const value = field ? str(event.data, field) : undefined;
  // A date without a time (a signal's `signalledAt`) happened that day: midday UTC is within it in Amsterdam too.
  const millis = value === undefined ? NaN : Date.parse(DATE_ONLY.test(value) ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(millis)) return recorded;
  const happened = new Date(millis).toISOString();
  return happened < recorded ? happened : recorded;
}

/** Legal status after a court-liaison event, or undefined when the event does not change it. */
const LEGAL_STATUS: Record<string, string> = {
  'moratorium-requested': 'moratorium-requested',
  'moratorium-granted': 'moratorium',
  'moratorium-rejected': 'none',
  'moratorium-ended': 'none',
  'provisional-measure-granted': 'provisional-measure',
  'forced-settlement-requested': 'forced-settlement-requested',
  'forced-settlement-decided': 'forced-settlement-decided',
  'wsnp-petition-filed': 'wsnp-petition-filed',
  'wsnp-admitted': 'wsnp',
  'wsnp-rejected': 'none',
  'wsnp-ended': 'wsnp-ended',
  'protective-administration-requested': 'protective-administration-requested',
  'protective-administration-ordered': 'protective-administration',
  'protective-administration-lifted': 'none',
};

/**
 * Folds one chain event into the pathway summary (pure; the projection stores the result).
 * Unknown event types still count as activity and add their producer as participant,
 * so a newer producer never breaks the timeline.
 */
export function evolveSummary(current: PathwaySummary | undefined, event: ChainEvent): PathwaySummary {
  return apply(current ? structuredClone(current) : emptySummary(event), event);
}

/**
 * Folds events in order into the summary: the same result as
 * {@link evolveSummary} one event after the other, but the summary is copied
 * once, not once per event (the copy cost as much as the fold itself).
 * `undefined` for no events and no summary.
 */
export function foldSummary(
  current: PathwaySummary | undefined,
  events: readonly ChainEvent[],
): PathwaySummary | undefined {
  let s = current && structuredClone(current);
  for (const event of events) s = apply(s ?? emptySummary(event), event);
  return s;
}

/**
 * {@link foldSummary} for the live case, where every event happened after the
 * last one folded; `undefined` as soon as one did not (then the summary must
 * be folded again from all the pathway's events in canonical order).
 */
export function foldNewerEvents(
  current: PathwaySummary | undefined,
  events: readonly ChainEvent[],
): PathwaySummary | undefined {
  let s = current && structuredClone(current);
  for (const event of events) {
    if (s !== undefined && event.time <= s.lastEventAt) return undefined;
    s = apply(s ?? emptySummary(event), event);
  }
  return s;
}

/** Folds one event into `s`, changing it: only ever a summary of the caller's own. */
function apply(s: PathwaySummary, event: ChainEvent): PathwaySummary {
  const parsed = parseEventType(event.type);
  const org = parseSource(event.source);
  // Organisations are named by the URN they publish under, the same form referral events use.
  const orgKey = event.source;
  const at = happenedAt(event, parsed?.name);

  s.eventCount += 1;
  if (event.time > s.lastEventAt) s.lastEventAt = event.time;
  if (at < s.startedAt) s.startedAt = at;
  s.producers ??= [...s.participants];
  // Declining a referral is no part in the pathway (the policy: "referred to and did not decline").
  if (parsed?.name !== 'referral-declined' && !s.producers.includes(orgKey)) s.producers.push(orgKey);
  if (org?.kind === 'municipality' && !s.municipalityCode && !isServiceLevelSource(orgKey)) s.municipalityCode = org.id;
  if (parsed) applyFact(s, event, parsed.name, parsed.producer, orgKey, at);
  settleParticipants(s);
  return s;
}

/** The part of {@link apply} that depends on what the event says. */
function applyFact(
  s: PathwaySummary,
  event: ChainEvent,
  name: string,
  producer: string,
  orgKey: string,
  at: string,
): void {
  const d = event.data;
  const parsed = { name, producer };
  switch (parsed.name) {
    case 'help-requested': {
      s.municipalityCode = str(d, 'municipalityCode') ?? s.municipalityCode;
      const crisis = d.crisis as { type?: unknown } | null | undefined;
      s.crisis = crisis && typeof crisis.type === 'string' ? crisis.type : null;
      s.owner ??= orgKey;
      setFirstConversationDue(s, str(d, 'firstConversationDue'));
      break;
    }
    case 'early-signal-received':
      s.owner ??= orgKey;
      break;
    case 'deadline-changed':
      setFirstConversationDue(s, str(d, 'firstConversationDue'));
      break;
    case 'urgent-situation-flagged':
      s.crisis = str(d, 'threat') ?? s.crisis;
      break;
    case 'first-conversation-held':
      s.firstConversationHeldAt = at;
      s.firstConversationDeadlineMet = bool(d, 'deadlineMet') ?? null;
      s.openDeadlines = s.openDeadlines.filter((x) => x.kind !== 'first-conversation');
      break;
    case 'phase-changed': {
      s.phase = str(d, 'to') ?? s.phase;
      const to = str(d, 'to');
      if (to) recordPhaseChange(s.phaseHistory, { phase: to, at });
      break;
    }
    case 'referral-made': {
      const referral = referralOf(s, str(d, 'referralId'));
      const toOrg = str(d, 'toOrg');
      if (referral && toOrg) {
        referral.fromOrg = str(d, 'fromOrg') ?? orgKey;
        referral.toOrg = toOrg;
        referral.madeAt = at;
      }
      break;
    }
    case 'referral-accepted':
    case 'referral-declined': {
      const referral = referralOf(s, str(d, 'referralId'));
      if (referral) {
        referral.status = parsed.name === 'referral-accepted' ? 'accepted' : 'declined';
        referral.answeredAt = at;
        referral.toOrg ??= orgKey;
        // A referral taken into this (existing) pathway was made on the referral's own pathway.
        // Its referrer is named, but takes no part here: a referral is no access grant to the
        // resident's other pathway (issue 12), only to the hand-off on its own pathway.
        const fromOrg = str(d, 'fromOrg');
        if (fromOrg && referral.fromOrg === null) referral.fromOrg = fromOrg;
        const declineReason = str(d, 'declineReason');
        if (declineReason) referral.declineReason = declineReason;
      }
      break;
    }
    case 'first-contact-made': {
      const referral = referralOf(s, str(d, 'referralId'));
      if (referral) referral.firstContactAt = at;
      break;
    }
    case 'pathway-merged': {
      s.mergedInto = str(d, 'intoPathwayId') ?? null;
      s.closedAt = at;
      s.closeReason = 'merged';
      s.openDeadlines = [];
      // The municipality took the referral that opened this pathway into the resident's existing one:
      // that is its acceptance. The hand-off is counted here, where it was made; the acceptance
      // on the receiving pathway names no referral-made and so counts no second hand-off.
      const taken = referralOf(s, str(d, 'referralId'));
      if (taken && taken.status === 'waiting') {
        taken.status = 'accepted';
        taken.answeredAt = at;
      }
      break;
    }
    case 'consent-recorded': {
      const consentId = str(d, 'consentId');
      const grantee = str(d, 'grantee');
      if (consentId && grantee && !s.consents.some((c) => c.consentId === consentId)) {
        const scope = Array.isArray(d.scope) ? d.scope.filter((x): x is string => typeof x === 'string') : [];
        s.consents.push({ consentId, grantee, scope, validUntil: str(d, 'validUntil') ?? null, withdrawnAt: null });
      }
      break;
    }
    case 'consent-withdrawn': {
      const consent = s.consents.find((c) => c.consentId === str(d, 'consentId'));
      if (consent) consent.withdrawnAt = at;
      break;
    }
    case 'case-owner-changed':
      s.owner = str(d, 'toOrg') ?? s.owner;
      break;
    case 'pathway-closed':
      s.closedAt = at;
      s.closeReason = str(d, 'reason') ?? null;
      s.phaseAtClose = str(d, 'phaseAtClose') ?? null;
      s.phase = 'uitstroom';
      s.openDeadlines = [];
      break;
    default: {
      const legal = parsed.producer === 'court-liaison' ? LEGAL_STATUS[parsed.name] : undefined;
      if (legal) s.legalStatus = legal === 'none' ? null : legal;
      if (parsed.name === 'moratorium-granted') {
        const endsAt = str(d, 'endsAt');
        if (endsAt) s.openDeadlines.push({ kind: 'moratorium-end', due: endsAt });
      }
      if (parsed.name === 'moratorium-ended')
        s.openDeadlines = s.openDeadlines.filter((x) => x.kind !== 'moratorium-end');
    }
  }
  markBounces(s.referrals);
}

/**
 * Participants from the facts, in order of first appearance: the producers and the
 * organisations referred to whose referral is not declined; never a service-level source.
 */
function settleParticipants(s: PathwaySummary): void {
  const producers = s.producers ?? [];
  const referredTo = s.referrals.flatMap((r) => (r.status !== 'declined' && r.toOrg !== null ? [r.toOrg] : []));
  const takesPart = (urn: string): boolean =>
    !isServiceLevelSource(urn) && (producers.includes(urn) || referredTo.includes(urn));
  const participants = s.participants.filter(takesPart);
  for (const urn of [...producers, ...referredTo])
    if (takesPart(urn) && !participants.includes(urn)) participants.push(urn);
  s.participants = participants;
}

/** The referral with this id, created on first sight whichever of its events comes first. */
function referralOf(s: PathwaySummary, referralId: string | undefined): ReferralState | undefined {
  if (!referralId) return undefined;
  let referral = s.referrals.find((r) => r.referralId === referralId);
  if (!referral) {
    referral = { referralId, fromOrg: null, toOrg: null, madeAt: null, status: 'waiting', bounce: false };
    s.referrals.push(referral);
  }
  return referral;
}

/**
 * A referral bounces ("van het kastje naar de muur") when it sends the case to
 * an organisation that already had its turn:
 * - back to an organisation that referred it on earlier (A -> B, later B -> A), or
 * - again to an organisation that declined it earlier (A -> B declined, later A -> B or C -> B).
 * Computed over the whole set, so the result does not depend on the order in
 * which topics are consumed.
 */
function markBounces(referrals: ReferralState[]): void {
  for (const r of referrals) {
    r.bounce =
      r.madeAt !== null &&
      referrals.some(
        (earlier) =>
          earlier !== r &&
          earlier.madeAt !== null &&
          earlier.madeAt < r.madeAt! &&
          ((earlier.fromOrg === r.toOrg && earlier.toOrg === r.fromOrg) ||
            (earlier.status === 'declined' && earlier.toOrg === r.toOrg)),
      );
  }
}

/** Inserts in (time, phase) order, so the history is the same whatever order the events were consumed in. */
function recordPhaseChange(history: PhaseChange[], change: PhaseChange): void {
  const index = history.findIndex((c) => c.at > change.at || (c.at === change.at && c.phase > change.phase));
  if (index === -1) history.push(change);
  else history.splice(index, 0, change);
}

function setFirstConversationDue(s: PathwaySummary, due: string | undefined): void {
  if (!due) return;
  s.firstConversationDue = due;
  if (s.firstConversationHeldAt) return;
  s.openDeadlines = [
    ...s.openDeadlines.filter((x) => x.kind !== 'first-conversation'),
    { kind: 'first-conversation', due },
  ];
}
