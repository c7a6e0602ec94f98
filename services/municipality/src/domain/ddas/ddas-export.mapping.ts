import { LocalDate } from '@ketenpad/calendar';
import { NO_COURT_INSTRUMENTS, type CourtInstruments, type ForcedSettlement } from '../court/court-instrument.history';
import type { GuidanceKind, SolutionKind } from '../pathway/pathway.codes';
import type { DebtInventory, KindSpan, PathwayState, Span } from '../pathway/pathway.state';
import { compact, day, deliveryTimestamp, euros, nonEmpty, present } from './ddas.values';
import type {
  DdasBegeleiding,
  DdasMoratorium,
  DdasPeriode,
  DdasSchuld,
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
  if (end.isAfter(lastAllowed))
    return `the period may span at most one year: to must be on or before ${lastAllowed.toString()}`;
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
const SCHULDREGELING_KINDS: ReadonlySet<SolutionKind> = new Set<SolutionKind>([
  'Saneringskrediet',
  'Schuldbemiddeling',
]);

/**
 * One pathway as a DDAS schuldhulptraject. Only what the state records is
 * filled; a field without data stays absent (the schema allows that for every
 * field but `gemeentecode`). No personal data: the schema does not require a
 * `client`, so none leaves the municipality.
 *
 * Repeating items (crisisinterventies, begeleiding, moratoria, voorlopige
 * voorzieningen) are those that ran during `period` when one is given: a
 * delivery reports what happened in its period, an item that ended before it
 * or started after it belongs to another delivery.
 *
 * Court instruments come from the court liaison. DDAS v1.0 has no place for
 * the Wsnp (it is the court's schuldsanering, not the municipality's
 * schuldhulpverlening), so a Wsnp is not reported; beschermingsbewind is a
 * DDAS begeleidingssoort and is reported as begeleiding.
 */
export function toSchuldhulptraject(
  state: PathwayState,
  court: CourtInstruments = NO_COURT_INSTRUMENTS,
  period?: ExportPeriod,
): DdasSchuldhulptraject {
  const t = state.trajectory;
  const closedOn = day(state.closure?.at);
  const admitted = state.intakeDecision === 'Toelatingsbeschikking';
  const settlement = t.settlement;
  const inPeriod = (item: DdasPeriode): boolean => period === undefined || overlaps(item, period);
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
      einddatum:
        day(state.firstConversationHeldAt) ?? (state.closure?.phaseAtClose === 'aanmelding' ? closedOn : undefined),
    }),
    intake: present({
      startdatum: day(state.firstConversationHeldAt),
      einddatum: state.intakeDecidedAt ?? undefined,
      beschikkingsdatum: state.intakeDecidedAt ?? undefined,
      beschikkingssoort: state.intakeDecision ?? undefined,
    }),
    crisisinterventies: nonEmpty(t.crisisInterventionHistory.map(spanPeriod).filter(inPeriod)),
    moratoria: nonEmpty(
      court.moratoria
        .map(
          (m): DdasMoratorium =>
            compact({
              datumAanvraag: day(m.requestedAt),
              datumGoedkeuring: day(m.grantedAt),
              startdatum: m.startsOn ?? undefined,
              // The last day the court set; an earlier end is not something the court liaison publishes.
              einddatum: m.endsOn ?? undefined,
            }),
        )
        .filter((m) =>
          inPeriod({ startdatum: m.startdatum ?? m.datumAanvraag, einddatum: m.einddatum ?? m.datumAanvraag }),
        ),
    ),
    voorlopigeVoorzieningen: nonEmpty(
      court.provisionalMeasures
        .map((v): DdasPeriode => ({ startdatum: day(v.grantedAt)!, einddatum: v.endsOn }))
        .filter(inPeriod),
    ),
    planVanAanpak: t.planOfAction ? { datumAfronding: day(t.planOfAction.at)! } : undefined,
    stabilisatie: periodOf(t.stabilisation),
    begeleiding: nonEmpty(begeleiding(t.guidanceHistory, court).filter(inPeriod)),
    schulden: t.debts ? nonEmpty(schulden(t.debts)) : undefined,
    schuldregeling: present({
      ...(settlement && SCHULDREGELING_KINDS.has(settlement.solutionKind) ? schuldregeling(settlement) : {}),
      ...dwangakkoord(court.forcedSettlements.at(-1)),
    }),
    oplossing: settlement
      ? compact({ soort: settlement.solutionKind, vtlb: euros(settlement.vtlbCents), ...periodOf(t.repayment) })
      : undefined,
    nazorg: periodOf(t.aftercare),
    uitstroom: state.closure ? { datum: closedOn!, reden: state.closure.reason } : undefined,
  });
}

/**
 * DDAS `schulden` from the saldo-inventarisatie. The municipality records the
 * inventory as a whole (creditorCount, totalDebtCents, debtTypes), not debt by
 * debt, so a faithful mapping is limited to:
 * - one item per schuldsoort found, with the inventory date as peildatum;
 * - a `bedrag` only when the inventory is a single creditor of a single
 *   schuldsoort (then the total is that debt); otherwise the split over the
 *   items is unknown and `bedrag` stays absent rather than invented. The total
 *   is in `totaalSchuldbedragBijAanvangSchuld`.
 * `zakelijkeSchuld` and `schuldeiser` are never known here and stay absent.
 */
export function schulden(debts: DebtInventory): DdasSchuld[] {
  const peildatum = day(debts.at)!;
  const single = debts.creditorCount === 1 && debts.debtTypes.length === 1;
  return debts.debtTypes.map((schuldsoort) =>
    compact({ bedrag: single ? euros(debts.totalDebtCents) : undefined, peildatum, schuldsoort }),
  );
}

/**
 * The municipality's own guidance plus beschermingsbewind the court ordered.
 * A counsellor often also records the bewind as guidance; a court-ordered
 * bewind that overlaps a recorded Beschermingsbewind is that same one and is
 * not reported twice.
 */
function begeleiding(history: readonly KindSpan<GuidanceKind>[], court: CourtInstruments): DdasBegeleiding[] {
  const own = history.map((span): DdasBegeleiding => ({ soort: span.kind, ...spanPeriod(span) }));
  const recordedBewind = own.filter((b) => b.soort === 'Beschermingsbewind');
  const ordered = court.protectiveAdministrations
    .filter((p) => p.orderedAt !== null)
    .map(
      (p): DdasBegeleiding =>
        compact({ soort: 'Beschermingsbewind' as const, startdatum: day(p.orderedAt)!, einddatum: day(p.liftedAt) }),
    )
    .filter((bewind) => !recordedBewind.some((recorded) => overlapsPeriod(recorded, bewind)));
  return [...own, ...ordered].sort((a, b) => (a.startdatum ?? '').localeCompare(b.startdatum ?? ''));
}

/** The dwangakkoord fields of the schuldregeling: the latest request and its ruling, if any. */
function dwangakkoord(
  forced: ForcedSettlement | undefined,
): Pick<DdasSchuldregeling, 'datumVerzoekDwangakkoord' | 'dwangakkoord'> {
  if (!forced) return {};
  return compact({
    datumVerzoekDwangakkoord: day(forced.requestedAt),
    dwangakkoord: forced.outcome === null ? undefined : forced.outcome === 'granted',
  });
}

/** The DDAS delivery of one municipality's trajectories active in the period. */
export function ddasDelivery(input: {
  readonly municipalityCode: string;
  readonly period: ExportPeriod;
  readonly deliveredAt: Date;
  readonly supplierCode: string;
  readonly pathways: readonly PathwayState[];
  /** Court instruments by pathway id; a pathway without any is absent. */
  readonly courtInstruments?: ReadonlyMap<string, CourtInstruments>;
}): DdasUitwisselmodel {
  const active = input.pathways
    .filter((state) => wasActiveIn(state, input.period))
    .sort((a, b) => a.requestedAt!.localeCompare(b.requestedAt!) || a.pathwayId.localeCompare(b.pathwayId));
  return {
    startdatumLevering: input.period.from.toString(),
    einddatumLevering: input.period.to.toString(),
    aanleverdatumEnTijd: deliveryTimestamp(input.deliveredAt),
    codeGegevensleverancier: input.supplierCode,
    leveringen: [
      {
        teller: 1,
        aanleverende_organisatie: { gemeentecode: input.municipalityCode },
        schuldhulptrajecten: active.map((state) =>
          toSchuldhulptraject(
            state,
            input.courtInstruments?.get(state.pathwayId) ?? NO_COURT_INSTRUMENTS,
            input.period,
          ),
        ),
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

function periodOf(span: Span | null): DdasPeriode | undefined {
  return span ? spanPeriod(span) : undefined;
}

function spanPeriod(span: Span): DdasPeriode {
  return compact({ startdatum: day(span.startedAt)!, einddatum: day(span.endedAt) });
}

/** Whether a DDAS period (a missing end: still running) shares a day with the export period. */
function overlaps(item: DdasPeriode, period: ExportPeriod): boolean {
  if (item.startdatum !== undefined && item.startdatum > period.to.toString()) return false;
  return item.einddatum === undefined || item.einddatum >= period.from.toString();
}

/** Whether two DDAS periods (a missing end: still running) share a day. */
function overlapsPeriod(a: DdasPeriode, b: DdasPeriode): boolean {
  const startsBeforeEnd = (x: DdasPeriode, y: DdasPeriode): boolean =>
    x.startdatum === undefined || y.einddatum === undefined || x.startdatum <= y.einddatum;
  return startsBeforeEnd(a, b) && startsBeforeEnd(b, a);
}
