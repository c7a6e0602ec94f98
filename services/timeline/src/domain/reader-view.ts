import { mayReadEvent, seesWholePathway, type ReadAccess, type Reader } from '@ketenpad/privacy';
import { parseEventType, str, type ChainEvent } from './chain-event';
import { emptySummary, foldSummary, type PathwaySummary } from './pathway-summary';

/**
 * What one reader is shown of a pathway (issue 12): the need-to-know policy
 * applied to the read models, not only to the events. The responsible
 * municipality and the coordinator see the whole pathway; every other reader
 * sees a summary folded (the same fold the projection runs) from the events
 * it may read and nothing else, so no field (legal status, phase history, the
 * court's referral, other grantees' consents, participants, a merge target)
 * tells it what those events do not.
 */

/** The part of a stored timeline entry the reader view works on. */
export interface EntryFacts {
  readonly eventId: string;
  readonly type: string;
  readonly source: string;
  readonly classification: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/** Event data keys no read response carries: the keyed resident pseudonym links pathways of one resident. */
const NEVER_SHOWN = ['residentPseudonym'] as const;
/** Event data keys only the whole-pathway readers see: the pathway a referral was merged into. */
const WHOLE_PATHWAY_ONLY = ['intoPathwayId'] as const;

/**
 * The entries the reader may read, as it is shown them, in the given order:
 * - no entry carries the resident pseudonym;
 * - for a reader without the whole view, no entry names the pathway a referral was
 *   merged into, and the merge of a referral's own pathway is shown to its referrer as
 *   what it is to the referrer: the municipality's acceptance of the referral, the same
 *   entry it gets when the referral opens a pathway of its own.
 */
export function entriesFor<E extends EntryFacts>(
  access: ReadAccess,
  reader: Reader,
  whole: PathwaySummary,
  entries: readonly E[],
): E[] {
  const full = seesWholePathway(access);
  return entries.filter((e) => mayReadEvent(access, e, reader)).map((e) => presented(e, full, whole));
}

function presented<E extends EntryFacts>(entry: E, full: boolean, whole: PathwaySummary): E {
  const data = { ...entry.data };
  for (const key of NEVER_SHOWN) delete data[key];
  if (full) return { ...entry, data };
  for (const key of WHOLE_PATHWAY_ONLY) delete data[key];
  const parsed = parseEventType(entry.type);
  if (parsed?.name !== 'pathway-merged') return { ...entry, data };
  const referralId = str(data, 'referralId');
  const referral = whole.referrals.find((r) => r.referralId === referralId);
  return {
    ...entry,
    type: `nl.ketenpad.${parsed.producer}.referral-accepted.v${parsed.version}`,
    data: {
      ...(referralId !== undefined ? { referralId } : {}),
      by: entry.source,
      ...(typeof data.at === 'string' ? { at: data.at } : {}),
      ...(referral?.fromOrg ? { fromOrg: referral.fromOrg } : {}),
    },
  };
}

/** A stored entry of `pathwayId` as the fold takes it. */
export function asChainEvent(pathwayId: string, entry: EntryFacts): ChainEvent {
  return {
    id: entry.eventId,
    type: entry.type,
    source: entry.source,
    time: entry.occurredAt,
    pathwayId,
    classification: entry.classification,
    data: entry.data,
  };
}

/**
 * The summary the reader is shown: the whole one for the responsible
 * municipality and the coordinator; for everyone else the fold of exactly the
 * entries {@link entriesFor} shows it (same fields, empty or null where its
 * events say nothing). Never the fold's internal bookkeeping.
 */
export function summaryFor(access: ReadAccess, whole: PathwaySummary, visible: readonly EntryFacts[]): PathwaySummary {
  if (seesWholePathway(access)) return withoutInternals(whole);
  const events = visible.map((e) => asChainEvent(whole.pathwayId, e));
  const folded = foldSummary(undefined, events);
  if (folded) return withoutInternals({ ...folded, pathwayId: whole.pathwayId, mergedInto: null });
  // Nothing it may read: the pathway's existence (it may see that) and no fact beyond.
  const empty = emptySummary({ ...asChainEvent(whole.pathwayId, NO_EVENT), time: whole.lastEventAt });
  return withoutInternals({ ...empty, eventCount: 0, startedAt: whole.startedAt, lastEventAt: whole.lastEventAt });
}

const NO_EVENT: EntryFacts = { eventId: '', type: '', source: '', classification: '', occurredAt: '', data: {} };

function withoutInternals(summary: PathwaySummary): PathwaySummary {
  const { producers: _producers, ...shown } = summary;
  return shown;
}
