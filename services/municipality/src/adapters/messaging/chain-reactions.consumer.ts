import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type {
  GpReferralMadeV1,
  SocialWorkReferralMadeV1,
  SocialWorkUrgentSituationFlaggedV1,
} from '@ketenpad/contracts';
import type { EventEnvelope } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { ChainReactionsHandler, type ReactionOutcome } from '../../application/chain-reactions.handler';
import { MUNICIPALITY_URN } from '../../domain/pathway/pathway.codes';

/** Consumer name (and group id) of the municipality's reactions to other organisations. */
export const REACTIONS_CONSUMER = 'municipality.reactions';
/**
 * The topics of the organisations whose events the municipality reacts to:
 * referrals and urgent situations (GP, social work), the court instruments of
 * its pathways (court liaison, see court-instruments.consumer.ts), and every
 * service's answer to an erasure request (erasure-completion.consumer.ts),
 * which the timeline and the partner gateway publish on their own topics.
 */
export const REACTIONS_TOPICS: readonly string[] = [
  'gp.events.v1',
  'social-work.events.v1',
  'court-liaison.events.v1',
  'timeline.events.v1',
  'partner-gateway.events.v1',
];

type ReferralMade = GpReferralMadeV1 | SocialWorkReferralMadeV1;

/**
 * Feeds GP and social-work events into the municipality. The codec validated
 * each event against its schema before it gets here, so `data` has its
 * contract type. Handlers write only through the inbox transaction's manager;
 * events that do not concern this municipality are ignored (logged), never
 * thrown, so they are not retried or dead-lettered.
 */
@Controller()
export class ChainReactionsConsumer {
  private readonly logger = new JsonLogger('municipality', 'chain-reactions');

  constructor(private readonly reactions: ChainReactionsHandler) {}

  @EventPattern('nl.ketenpad.gp.referral-made.v1')
  async gpReferralMade(@Payload() context: InboxEventContext<EventEnvelope<GpReferralMadeV1>>): Promise<void> {
    await this.referralMade(context);
  }

  @EventPattern('nl.ketenpad.social-work.referral-made.v1')
  async socialWorkReferralMade(
    @Payload() context: InboxEventContext<EventEnvelope<SocialWorkReferralMadeV1>>,
  ): Promise<void> {
    await this.referralMade(context);
  }

  @EventPattern('nl.ketenpad.social-work.urgent-situation-flagged.v1')
  async urgentSituationFlagged(
    @Payload() { event, manager }: InboxEventContext<EventEnvelope<SocialWorkUrgentSituationFlaggedV1>>,
  ): Promise<void> {
    const outcome = await this.reactions.flagUrgentSituation(manager, event.pathwayid, {
      crisis: { type: event.data.threat },
      flaggedAt: new Date(event.data.at),
    });
    this.report(event, outcome);
  }

  private async referralMade({ event, manager }: InboxEventContext<EventEnvelope<ReferralMade>>): Promise<void> {
    const addressee = MUNICIPALITY_URN.exec(event.data.toOrg);
    // Referrals to social work, court liaison, ... are other organisations' business.
    if (!addressee?.[1]) return;
    const outcome = await this.reactions.takeInReferral(manager, {
      municipalityCode: addressee[1],
      referralId: event.data.referralId,
      referralPathwayId: event.pathwayid,
      fromOrg: event.data.fromOrg,
      urgent: event.data.urgent,
      referredAt: new Date(event.data.at),
      ...(event.data.residentPseudonym !== undefined ? { residentPseudonym: event.data.residentPseudonym } : {}),
    });
    this.report(event, outcome);
  }

  private report(event: EventEnvelope, outcome: ReactionOutcome): void {
    const fields = { eventId: event.id, eventType: event.type, pathwayId: outcome.pathwayId, outcome: outcome.kind };
    if (outcome.kind === 'ignored') this.logger.warn('chain event ignored', { ...fields, reason: outcome.reason });
    else this.logger.info('chain event applied', fields);
  }
}
