import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type {
  CourtLiaisonForcedSettlementDecidedV1,
  CourtLiaisonMoratoriumGrantedV1,
  CourtLiaisonMoratoriumRequestedV1,
  CourtLiaisonProvisionalMeasureGrantedV1,
  CourtLiaisonWsnpAdmittedV1,
  CourtLiaisonWsnpEndedV1,
} from '@ketenpad/contracts';
import type { EventEnvelope } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { CourtInstrumentsHandler } from '../../application/court-instruments.handler';
import { COURT_FACT_KINDS, type CourtFact, type CourtFactKind } from '../../domain/court/court-instrument.history';

const COURT_EVENT_PREFIX = 'nl.ketenpad.court-liaison.';
/** The court liaison's event types that are a court instrument fact, one per CourtFact kind. */
export const COURT_INSTRUMENT_EVENT_TYPES: readonly string[] = COURT_FACT_KINDS.map(
  (kind) => `${COURT_EVENT_PREFIX}${kind}.v1`,
);

/**
 * Feeds the court liaison's instrument events (moratorium, voorlopige
 * voorziening, dwangakkoord, Wsnp, beschermingsbewind) into the
 * municipality's per-pathway court history. The codec validated each event
 * against its schema before it gets here. Events about pathways that are not
 * the municipality's are ignored (logged), never thrown.
 */
@Controller()
export class CourtInstrumentsConsumer {
  private readonly logger = new JsonLogger('municipality', 'court-instruments');

  constructor(private readonly instruments: CourtInstrumentsHandler) {}

  @EventPattern([...COURT_INSTRUMENT_EVENT_TYPES])
  async courtInstrumentFact(@Payload() { event, manager }: InboxEventContext<EventEnvelope>): Promise<void> {
    const fact = courtFactOf(event);
    // Only the types above are routed here; a type without a fact is a bug in the list.
    if (!fact) throw new Error(`no court fact for event type ${event.type}`);
    const outcome = await this.instruments.record(manager, { eventId: event.id, pathwayId: event.pathwayid, fact });
    const fields = { eventId: event.id, eventType: event.type, pathwayId: event.pathwayid, outcome: outcome.kind };
    if (outcome.kind === 'ignored') this.logger.warn('court event ignored', { ...fields, reason: outcome.reason });
    else this.logger.info('court event recorded', fields);
  }
}

/** The court liaison's event as the municipality's CourtFact; undefined for a type that is none. */
export function courtFactOf(event: EventEnvelope): CourtFact | undefined {
  if (!event.type.startsWith(COURT_EVENT_PREFIX) || !event.type.endsWith('.v1')) return undefined;
  const kind = event.type.slice(COURT_EVENT_PREFIX.length, -'.v1'.length) as CourtFactKind;
  const at = String(event.data['at']);
  switch (kind) {
    case 'moratorium-requested':
      return { kind, at, basis: (event.data as unknown as CourtLiaisonMoratoriumRequestedV1).basis };
    case 'moratorium-granted': {
      const data = event.data as unknown as CourtLiaisonMoratoriumGrantedV1;
      return { kind, at, startsOn: data.startsAt, endsOn: data.endsAt };
    }
    case 'provisional-measure-granted':
      return { kind, at, endsOn: (event.data as unknown as CourtLiaisonProvisionalMeasureGrantedV1).endsAt };
    case 'forced-settlement-decided':
      return { kind, at, outcome: (event.data as unknown as CourtLiaisonForcedSettlementDecidedV1).outcome };
    case 'wsnp-admitted':
      return { kind, at, termMonths: (event.data as unknown as CourtLiaisonWsnpAdmittedV1).termMonths };
    case 'wsnp-ended':
      return { kind, at, cleanSlate: (event.data as unknown as CourtLiaisonWsnpEndedV1).cleanSlate };
    case 'moratorium-rejected':
    case 'moratorium-ended':
    case 'forced-settlement-requested':
    case 'wsnp-petition-filed':
    case 'wsnp-rejected':
    case 'protective-administration-requested':
    case 'protective-administration-ordered':
    case 'protective-administration-lifted':
      return { kind, at };
    default:
      return undefined;
  }
}
