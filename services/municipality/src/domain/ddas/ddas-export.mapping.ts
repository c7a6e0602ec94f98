import { LocalDate } from '@ketenpad/calendar';
import type { SolutionKind } from '../pathway/pathway.codes';
import type { PathwayState, Span } from '../pathway/pathway.state';
import type {
  DdasBegeleiding,
  DdasDatum,
  DdasPeriode,
  DdasSchuldhulptraject,
  DdasSchuldregeling,
  DdasUitwisselmodel,
} from './ddas.model';

/** The reporting period of an export, both days inclusive. */
export interface ExportPeriod {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/**
 * Why `from`..`to` ('YYYY-MM-DD', inclusive) is no valid export period, or
 * undefined when it is one: both real dates, from <= to, and at most one year
 * (2025-01-01..2025-12-31 is the longest period starting 2025-01-01).
 */
export function refusedExportPeriod(from: string, to: string): string | undefined {
  if (!LocalDate.isValid(from)) return 'from must be a date YYYY-MM-DD';
  if (!LocalDate.isValid(to)) return 'to must be a date YYYY-MM-DD';
  const start = LocalDate.parse(from);
  const end = LocalDate.parse(to);
  if (end.isBefore(start)) return 'from must not be after to';
  // The same day next year, minus one; 29 February rolls to 1 March first.
  const lastAllowed = LocalDate.of(start.year + 1, start.month, 1).plusDays(start.day - 2);
  if (end.isAfter(lastAllowed)) return `the period may span at most one year: to must be on or before ${lastAllowed.toString()}`;
  return undefined;
}

/**
 * Whether a pathway counts as a schuldhulptraject in the period: it has a help
 * request (aanmelding) on or before the period's last day and was not closed
 * before its first day. A pathway with only early signals is vroegsignalering,
 * not schuldhulpverlening, and never counts.
 */
export function wasActiveIn(state: PathwayState, period: ExportPeriod): boolean {
  if (state.requestedAt === null) return false;
  if (LocalDate.fromInstant(new Date(state.requestedAt)).isAfter(period.to)) return false;
  return state.closure === null || !LocalDate.fromInstant(new Date(state.closure.at)).isBefore(period.from);
}

/**
 * The solution kinds that are a minnelijke schuldregeling in the DDAS sense
 * (the schema: "Een schuldregeling kan met een saneringskrediet of een
 * schuldbemiddeling gerealiseerd worden"); a betalingsregeling, herfinanciering
 * or 0%-aanbod is reported under `oplossing` only.
 */
const SCHULDREGELING_KINDS: ReadonlySet<SolutionKind> = new Set<SolutionKind>(['Saneringskrediet', 'Schuldbemiddeling']);

/**
 * One pathway as a DDAS schuldhulptraject. Only what the state records is
 * filled; a field without data stays absent (the schema allows that for every
 * field but `gemeentecode`). No personal data: the schema does not require a
 * `client`, so none leaves the municipality.
 */
export function toSchuldhulptraject(state: PathwayState): DdasSchuldhulptraject {
  const t = state.trajectory;
  const closedOn = day(state.closure?.at);
  const admitted = state.intakeDecision === 'Toelatingsbeschikking';
  const settlement = t.settlement;
  return compact({
    gemeentecode: state.municipalityCode,
    startdatum: day(state.requestedAt),
    einddatum: closedOn,
    toekenningsdatum: admitted ? (state.intakeDecidedAt ?? undefined) : undefined,
    totaalSchuldbedragBijAanvangSchuld: t.debts ? euros(t.debts.totalDebtCents) : undefined,
    aanmelding: present({
      crisisinterventie: state.requestedAt !== null ? state.crisis !== null : undefined,
      startdatum: day(state.requestedAt),
      // The aanmelding ends with the first conversation, or with an uitstroom before it.
      einddatum: day(state.firstConversationHeldAt) ?? (state.closure?.phaseAtClose === 'aanmelding' ? closedOn : undefined),
    }),
    intake: present({
      startdatum: day(state.firstConversationHeldAt),
      einddatum: state.intakeDecidedAt ?? undefined,
      beschikkingsdatum: state.intakeDecidedAt ?? undefined,
      beschikkingssoort: state.intakeDecision ?? undefined,
    }),
    crisisinterventies: nonEmpty(
      sortedStarts(t.crisisInterventions).map(([, at]): DdasPeriode => ({ startdatum: day(at)! })),
    ),
    planVanAanpak: t.planOfAction ? { datumAfronding: day(t.planOfAction.at)! } : undefined,
    stabilisatie: period(t.stabilisation),
    begeleiding: nonEmpty(
      sortedStarts(t.guidance).map(([soort, at]): DdasBegeleiding => ({ soort, startdatum: day(at)! })),
    ),
    schuldregeling: settlement && SCHULDREGELING_KINDS.has(settlement.solutionKind) ? schuldregeling(settlement) : undefined,
    oplossing: settlement
      ? compact({ soort: settlement.solutionKind, vtlb: euros(settlement.vtlbCents), ...period(t.repayment) })
      : undefined,
    nazorg: period(t.aftercare),
    uitstroom: state.closure ? { datum: closedOn!, reden: state.closure.reason } : undefined,
  });
}

/** The DDAS delivery of one municipality's trajectories active in the period. */
export function ddasDelivery(input: {
  readonly municipalityCode: string;
  readonly period: ExportPeriod;
  readonly deliveredAt: Date;
  readonly supplierCode: string;
  readonly pathways: readonly PathwayState[];
}): DdasUitwisselmodel {
  const active = input.pathways
    .filter((state) => wasActiveIn(state, input.period))
    .sort((a, b) => a.requestedAt!.localeCompare(b.requestedAt!) || a.pathwayId.localeCompare(b.pathwayId));
  return {
    startdatumLevering: input.period.from.toString(),
    einddatumLevering: input.period.to.toString(),
    // DDAS asks for YYYY-MM-DDTHH:MM:SSZ: whole seconds, UTC.
    aanleverdatumEnTijd: input.deliveredAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    codeGegevensleverancier: input.supplierCode,
    leveringen: [
      {
        teller: 1,
        aanleverende_organisatie: { gemeentecode: input.municipalityCode },
        schuldhulptrajecten: active.map(toSchuldhulptraject),
      },
    ],
  };
}

function schuldregeling(settlement: NonNullable<PathwayState['trajectory']['settlement']>): DdasSchuldregeling {
  const decidedOn = day(settlement.decidedAt);
  return compact({
    datum: day(settlement.proposedAt),
    toegekend: settlement.status === 'granted' ? decidedOn : undefined,
    afgewezen: settlement.status === 'rejected' ? decidedOn : undefined,
    ingetrokken: settlement.status === 'withdrawn' ? decidedOn : undefined,
  });
}

/** The Amsterdam calendar date of an instant; undefined for none. */
function day(instant: string | null | undefined): DdasDatum | undefined {
  return instant ? LocalDate.fromInstant(new Date(instant)).toString() : undefined;
}

/** Euro cents as whole euros (DDAS `bedrag`). */
function euros(cents: number): number {
  return Math.round(cents / 100);
}

function period(span: Span | null): DdasPeriode | undefined {
  return span ? compact({ startdatum: day(span.startedAt), einddatum: day(span.endedAt) }) : undefined;
}

/** Running items keyed by kind, earliest start first. */
function sortedStarts<K extends string>(running: Readonly<Partial<Record<K, string>>>): Array<[K, string]> {
  return (Object.entries(running) as Array<[K, string | undefined]>)
    .filter((entry): entry is [K, string] => entry[1] !== undefined)
    .sort((a, b) => a[1].localeCompare(b[1]));
}

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Drops absent fields: the schema wants a field left out, not null. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Like compact, but an object with nothing in it is absent altogether. */
function present<T extends object>(value: T): T | undefined {
  const compacted = compact(value);
  return Object.keys(compacted).length > 0 ? compacted : undefined;
}
