/**
 * The court instruments of one pathway as the municipality learns them from
 * the court liaison (`court-liaison.events.v1`): the municipality does not
 * decide them, it keeps what the court liaison published so its DDAS
 * delivery can report moratoria, voorlopige voorzieningen, the dwangakkoord
 * and beschermingsbewind. Instants are ISO strings, dates 'YYYY-MM-DD'.
 */
export type CourtFact =
  | { readonly kind: 'moratorium-requested'; readonly at: string; readonly basis: 'Fw-287b' | 'Wgs-5' }
  | { readonly kind: 'moratorium-granted'; readonly at: string; readonly startsOn: string; readonly endsOn: string }
  | { readonly kind: 'moratorium-rejected'; readonly at: string }
  | { readonly kind: 'moratorium-ended'; readonly at: string }
  | { readonly kind: 'provisional-measure-granted'; readonly at: string; readonly endsOn: string }
  | { readonly kind: 'forced-settlement-requested'; readonly at: string }
  | { readonly kind: 'forced-settlement-decided'; readonly at: string; readonly outcome: 'granted' | 'rejected' }
  | { readonly kind: 'wsnp-petition-filed'; readonly at: string }
  | { readonly kind: 'wsnp-admitted'; readonly at: string; readonly termMonths: number }
  | { readonly kind: 'wsnp-rejected'; readonly at: string }
  | { readonly kind: 'wsnp-ended'; readonly at: string; readonly cleanSlate: boolean }
  | { readonly kind: 'protective-administration-requested'; readonly at: string }
  | { readonly kind: 'protective-administration-ordered'; readonly at: string }
  | { readonly kind: 'protective-administration-lifted'; readonly at: string };

export type CourtFactKind = CourtFact['kind'];

export const COURT_FACT_KINDS: readonly CourtFactKind[] = [
  'moratorium-requested',
  'moratorium-granted',
  'moratorium-rejected',
  'moratorium-ended',
  'provisional-measure-granted',
  'forced-settlement-requested',
  'forced-settlement-decided',
  'wsnp-petition-filed',
  'wsnp-admitted',
  'wsnp-rejected',
  'wsnp-ended',
  'protective-administration-requested',
  'protective-administration-ordered',
  'protective-administration-lifted',
];

/** A moratorium request and what became of it. */
export interface Moratorium {
  readonly requestedAt: string | null;
  readonly basis: 'Fw-287b' | 'Wgs-5' | null;
  readonly grantedAt: string | null;
  readonly rejectedAt: string | null;
  /** First and last day the court set; null until granted. */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  /** When the court liaison reported it over (its last day passed). */
  readonly endedAt: string | null;
}

export interface ProvisionalMeasure {
  readonly grantedAt: string;
  readonly endsOn: string;
}

/** A dwangakkoord request (art. 287a Fw) and its ruling. */
export interface ForcedSettlement {
  readonly requestedAt: string | null;
  readonly decidedAt: string | null;
  readonly outcome: 'granted' | 'rejected' | null;
}

export interface Wsnp {
  readonly petitionFiledAt: string | null;
  readonly admittedAt: string | null;
  readonly rejectedAt: string | null;
  readonly endedAt: string | null;
  readonly cleanSlate: boolean | null;
}

export interface ProtectiveAdministration {
  readonly requestedAt: string | null;
  readonly orderedAt: string | null;
  readonly liftedAt: string | null;
}

/** Every court instrument of a pathway, each list in the order the court liaison started them. */
export interface CourtInstruments {
  readonly moratoria: readonly Moratorium[];
  readonly provisionalMeasures: readonly ProvisionalMeasure[];
  readonly forcedSettlements: readonly ForcedSettlement[];
  readonly wsnp: readonly Wsnp[];
  readonly protectiveAdministrations: readonly ProtectiveAdministration[];
}

export const NO_COURT_INSTRUMENTS: CourtInstruments = {
  moratoria: [],
  provisionalMeasures: [],
  forcedSettlements: [],
  wsnp: [],
  protectiveAdministrations: [],
};

/**
 * Folds a pathway's court facts, in the order they happened, into its
 * instruments. The court liaison's own state machines guarantee the order
 * within an instrument (a ruling follows its request); a ruling without a
 * request we heard of (the request predates our subscription) still counts,
 * as an instrument without request date.
 */
export function courtInstrumentsOf(facts: readonly CourtFact[]): CourtInstruments {
  return [...facts].sort((a, b) => a.at.localeCompare(b.at)).reduce(evolveCourtInstruments, NO_COURT_INSTRUMENTS);
}

function evolveCourtInstruments(instruments: CourtInstruments, fact: CourtFact): CourtInstruments {
  const { moratoria, forcedSettlements, wsnp, protectiveAdministrations } = instruments;
  switch (fact.kind) {
    case 'moratorium-requested':
      return {
        ...instruments,
        moratoria: [...moratoria, { ...NEW_MORATORIUM, requestedAt: fact.at, basis: fact.basis }],
      };
    case 'moratorium-granted':
      return {
        ...instruments,
        moratoria: updateLast(moratoria, undecided, NEW_MORATORIUM, (m) => ({
          ...m,
          grantedAt: fact.at,
          startsOn: fact.startsOn,
          endsOn: fact.endsOn,
        })),
      };
    case 'moratorium-rejected':
      return {
        ...instruments,
        moratoria: updateLast(moratoria, undecided, NEW_MORATORIUM, (m) => ({ ...m, rejectedAt: fact.at })),
      };
    case 'moratorium-ended':
      return {
        ...instruments,
        moratoria: updateLast(
          moratoria,
          (m) => m.grantedAt !== null && m.endedAt === null,
          undefined,
          (m) => ({ ...m, endedAt: fact.at }),
        ),
      };
    case 'provisional-measure-granted':
      return {
        ...instruments,
        provisionalMeasures: [...instruments.provisionalMeasures, { grantedAt: fact.at, endsOn: fact.endsOn }],
      };
    case 'forced-settlement-requested':
      return {
        ...instruments,
        forcedSettlements: [...forcedSettlements, { requestedAt: fact.at, decidedAt: null, outcome: null }],
      };
    case 'forced-settlement-decided':
      return {
        ...instruments,
        forcedSettlements: updateLast(
          forcedSettlements,
          (f) => f.outcome === null,
          { requestedAt: null, decidedAt: null, outcome: null },
          (f) => ({ ...f, decidedAt: fact.at, outcome: fact.outcome }),
        ),
      };
    case 'wsnp-petition-filed':
      return { ...instruments, wsnp: [...wsnp, { ...NEW_WSNP, petitionFiledAt: fact.at }] };
    case 'wsnp-admitted':
      return {
        ...instruments,
        wsnp: updateLast(
          wsnp,
          (w) => w.admittedAt === null && w.rejectedAt === null,
          NEW_WSNP,
          (w) => ({ ...w, admittedAt: fact.at }),
        ),
      };
    case 'wsnp-rejected':
      return {
        ...instruments,
        wsnp: updateLast(
          wsnp,
          (w) => w.admittedAt === null && w.rejectedAt === null,
          NEW_WSNP,
          (w) => ({ ...w, rejectedAt: fact.at }),
        ),
      };
    case 'wsnp-ended':
      return {
        ...instruments,
        wsnp: updateLast(
          wsnp,
          (w) => w.admittedAt !== null && w.endedAt === null,
          undefined,
          (w) => ({ ...w, endedAt: fact.at, cleanSlate: fact.cleanSlate }),
        ),
      };
    case 'protective-administration-requested':
      return {
        ...instruments,
        protectiveAdministrations: [...protectiveAdministrations, { ...NEW_BEWIND, requestedAt: fact.at }],
      };
    case 'protective-administration-ordered':
      return {
        ...instruments,
        protectiveAdministrations: updateLast(
          protectiveAdministrations,
          (p) => p.orderedAt === null,
          NEW_BEWIND,
          (p) => ({ ...p, orderedAt: fact.at }),
        ),
      };
    case 'protective-administration-lifted':
      return {
        ...instruments,
        protectiveAdministrations: updateLast(
          protectiveAdministrations,
          (p) => p.orderedAt !== null && p.liftedAt === null,
          undefined,
          (p) => ({ ...p, liftedAt: fact.at }),
        ),
      };
  }
}

const NEW_MORATORIUM: Moratorium = {
  requestedAt: null,
  basis: null,
  grantedAt: null,
  rejectedAt: null,
  startsOn: null,
  endsOn: null,
  endedAt: null,
};
const NEW_WSNP: Wsnp = { petitionFiledAt: null, admittedAt: null, rejectedAt: null, endedAt: null, cleanSlate: null };
const NEW_BEWIND: ProtectiveAdministration = { requestedAt: null, orderedAt: null, liftedAt: null };

function undecided(m: Moratorium): boolean {
  return m.grantedAt === null && m.rejectedAt === null;
}

/**
 * Applies `change` to the last item that is `open`; without one, to
 * `fresh` appended (a ruling whose request we never heard of), or to nothing
 * when there is no sensible fresh item (an end of something never started).
 */
function updateLast<T>(
  items: readonly T[],
  open: (item: T) => boolean,
  fresh: T | undefined,
  change: (item: T) => T,
): readonly T[] {
  const index = items.findLastIndex(open);
  if (index >= 0) return items.map((item, i) => (i === index ? change(item) : item));
  return fresh === undefined ? items : [...items, change(fresh)];
}
