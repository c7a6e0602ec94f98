import type { ContactAttempt, EarlySignal, PathwayState } from '../pathway/pathway.state';
import type { ExportPeriod } from './ddas-export.mapping';
import { compact, day, deliveryTimestamp, euros, nonEmpty } from './ddas.values';
import type {
  DdasContactpoging,
  DdasDagdeel,
  DdasEindresultaat,
  DdasVroegsignaal,
  DdasVroegsignaalzaak,
  DdasVsUitwisselmodel,
} from './ddas-vs.model';

/**
 * The DDAS vroegsignalering (v0.9) delivery of one municipality: every early
 * signal received in the period (by its signaaldatum), and per pathway with
 * such signals one vroegsignaalzaak with what the municipality did about them
 * so far (contact attempts, the answer to the offer of help, a help request).
 *
 * Which figures a zaak carries: its handling as it stands at the export, not
 * cut off at the period's end; a zaak whose signals arrived in January shows
 * its February contact attempts in a January delivery made in March. CBS
 * receives the outcome, which is what vroegsignalering is measured by.
 */
export function ddasEarlySignalDelivery(input: {
  readonly municipalityCode: string;
  readonly period: ExportPeriod;
  readonly deliveredAt: Date;
  readonly supplierCode: string;
  readonly pathways: readonly PathwayState[];
}): DdasVsUitwisselmodel {
  const from = input.period.from.toString();
  const to = input.period.to.toString();
  const cases = input.pathways
    .filter((state) => state.municipalityCode === input.municipalityCode && hasSignalIn(state, input.period))
    .map((state) => ({
      state,
      signals: signalsOf(state).filter((s) => s.signal.signalledAt >= from && s.signal.signalledAt <= to),
    }))
    .filter((c) => c.signals.length > 0)
    .sort(
      (a, b) =>
        a.signals[0]!.signal.signalledAt.localeCompare(b.signals[0]!.signal.signalledAt) ||
        a.state.pathwayId.localeCompare(b.state.pathwayId),
    );
  const zaken = cases.map(({ state, signals }) => ({ signals, zaak: toVroegsignaalzaak(state, signals) }));
  return {
    startdatumLevering: from,
    einddatumLevering: to,
    aanleverdatumEnTijd: deliveryTimestamp(input.deliveredAt),
    codeGegevensleverancier: input.supplierCode,
    leveringen: [
      {
        teller: 1,
        gemeentecode: input.municipalityCode,
        // Required, with no required properties; the municipality's name and
        // contact persons are not data this service keeps.
        aanleverende_organisatie: {},
        vroegsignalen: zaken.flatMap(({ signals, zaak }) => signals.map((s) => toVroegsignaal(s, zaak))),
        vroegsignaalzaken: zaken.map(({ zaak }) => zaak),
      },
    ],
  };
}

/** A signal with its DDAS ID. */
export interface IdentifiedSignal {
  readonly id: string;
  readonly signal: EarlySignal;
}

/**
 * The pathway's signals with stable IDs: the pathway id (random, already the
 * pseudonymous key of every event) and the signal's position, so a later
 * delivery names the same signal the same way.
 */
/** Whether the pathway has an early signal dated (signaaldatum) in the period: it is in that delivery. */
export function hasSignalIn(state: PathwayState, period: ExportPeriod): boolean {
  const from = period.from.toString();
  const to = period.to.toString();
  return state.earlySignals.some((signal) => signal.signalledAt >= from && signal.signalledAt <= to);
}

export function signalsOf(state: PathwayState): IdentifiedSignal[] {
  return state.earlySignals.map((signal, i) => ({ id: `${state.pathwayId}-${i + 1}`, signal }));
}

/**
 * One signal. The schema requires a `client` object but none of its fields:
 * it goes out empty, so no BSN, name, birth date or address is delivered.
 * Its `status` only says a signal was not taken up yet: the other statuses
 * are reasons for not taking one up that the municipality does not record.
 */
export function toVroegsignaal({ id, signal }: IdentifiedSignal, zaak: DdasVroegsignaalzaak): DdasVroegsignaal {
  const takenUp = zaak.datum_opgepakt !== undefined || zaak.resultaat !== undefined;
  return compact({
    ID: id,
    crisissignaal: signal.crisis !== null,
    warmeOverdracht: signal.warmHandover,
    bedrag: euros(signal.arrearsCents),
    ontstaansdatum: signal.arrearsSince,
    signaaldatum: signal.signalledAt,
    status: takenUp ? undefined : ('Nog niet opgepakt' as const),
    signaalpartner: { type: signal.signalPartnerType },
    client: {},
  });
}

/** The municipality's handling of the pathway's `signals` (those of this delivery). */
export function toVroegsignaalzaak(state: PathwayState, signals: readonly IdentifiedSignal[]): DdasVroegsignaalzaak {
  const firstSignalledOn = signals.map((s) => s.signal.signalledAt).sort()[0]!;
  const attempts = state.trajectory.contactAttempts.log;
  const requestedOn = day(state.requestedAt);
  const helpRequestFollowed = requestedOn !== undefined && requestedOn >= firstSignalledOn;
  const pickedUp = [
    day(attempts[0]?.at),
    day(state.trajectory.helpOffer?.at),
    helpRequestFollowed ? requestedOn : undefined,
  ]
    .filter((d): d is string => d !== undefined)
    .sort()[0];
  return compact({
    resultaat: resultOf(state, firstSignalledOn),
    datum_opgepakt: pickedUp,
    vroegsignalen: signals.map((s) => ({ ID: s.id })),
    contactpogingen: nonEmpty(attempts.map(toContactpoging)),
  });
}

/**
 * DDAS EnumEindresultaat from what the pathway records; undefined while the
 * zaak runs (no answer and no help request yet):
 * - a help request registered before the signal: the resident was already
 *   known to schuldhulpverlening;
 * - a help request after it, or the offer of help accepted: vervolghulp
 *   financieel (the schuldhulptraject is the follow-up);
 * - the offer declined: no help wanted from vroegsignalering.
 * Outcomes the municipality does not record (quick fix, paid already, no
 * contact ever, ...) are never reported.
 */
export function resultOf(state: PathwayState, firstSignalledOn: string): DdasEindresultaat | undefined {
  const requestedOn = day(state.requestedAt);
  if (requestedOn !== undefined) {
    return requestedOn < firstSignalledOn
      ? 'Inwoner al bekend bij schuldhulpverlening'
      : 'Vervolghulp en/of verwijzing financieel';
  }
  if (state.trajectory.helpOffer?.answer === 'accepted') return 'Vervolghulp en/of verwijzing financieel';
  if (state.trajectory.helpOffer?.answer === 'declined') return 'Inwoner hoeft geen hulp vanuit vroegsignalering';
  return undefined;
}

function toContactpoging(attempt: ContactAttempt): DdasContactpoging {
  return compact({
    soort: attempt.kind,
    bereikt: attempt.reached,
    datum: day(attempt.at)!,
    dagdeel: dagdeelOf(new Date(attempt.at)),
  });
}

/**
 * The part of the day in Amsterdam: ochtend 06-12, middag 12-18, avond 18-24.
 * An attempt between midnight and six is none of the three and gets no dagdeel.
 */
export function dagdeelOf(instant: Date): DdasDagdeel | undefined {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(
      instant,
    ),
  );
  if (hour < 6) return undefined;
  if (hour < 12) return 'Ochtend';
  return hour < 18 ? 'Middag' : 'Avond';
}
