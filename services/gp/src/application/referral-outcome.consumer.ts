import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type {
  MunicipalityPathwayMergedV1,
  MunicipalityReferralAcceptedV1,
  MunicipalityReferralDeclinedV1,
  SocialWorkFirstContactMadeV1,
  SocialWorkReferralAcceptedV1,
  SocialWorkReferralDeclinedV1,
} from '@ketenpad/contracts';
import { OutboxWriter } from '@ketenpad/messaging';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { allowsHearingBack } from '../domain/consent/patient-consent';
import { applyFeedback, type Referral, type ReferralFeedback } from '../domain/referral/referral';
import { municipalityCodeOf } from '../domain/gp.codes';
import { Clock } from '@ketenpad/runtime';
import { GP_TOPIC, gpEvent } from './gp-event.envelope';
import { GP_STORE, PATHWAY_PRIVACY_STORE } from './gp-store.token';
import type { GpStore } from './gp-store.port';
import type { PathwayPrivacyStore } from './pathway-privacy.port';

/** Consumer name and group id of the outcome feedback (stable per service). */
export const REFERRAL_OUTCOMES_CONSUMER = 'gp.referral-outcomes';
/** The topics the practice hears back from: the organisations it refers to. */
export const REFERRAL_OUTCOME_TOPICS: readonly string[] = ['municipality.events.v1', 'social-work.events.v1'];

type AcceptedData = MunicipalityReferralAcceptedV1 | SocialWorkReferralAcceptedV1;
type DeclinedData = MunicipalityReferralDeclinedV1 | SocialWorkReferralDeclinedV1;

/**
 * Hears back what became of the practice's own referrals, and nothing else:
 * an answer to a referral (accepted: follow the receiving pathway; declined:
 * outcome), then the first conversation or the pathway's closure on the
 * followed pathway (outcome). Every effect, including the one
 * referral-outcome-received event per referral, commits with the inbox row;
 * events about other referrals or pathways leave no trace but the inbox row.
 */
@Controller()
export class ReferralOutcomeConsumer {
  private readonly logger: JsonLogger;

  constructor(
    @Inject(GP_STORE) private readonly store: GpStore,
    @Inject(PATHWAY_PRIVACY_STORE) private readonly privacy: PathwayPrivacyStore,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('referral-outcomes');
  }

  @EventPattern('nl.ketenpad.municipality.referral-accepted.v1')
  async municipalityAccepted(@Payload() context: InboxEventContext): Promise<void> {
    await this.onAccepted(context);
    // The accepting municipality is responsible for the pathway the referral now follows.
    await this.rememberMunicipality(context);
  }

  @EventPattern('nl.ketenpad.social-work.referral-accepted.v1')
  async socialWorkAccepted(@Payload() context: InboxEventContext): Promise<void> {
    await this.onAccepted(context);
  }

  @EventPattern('nl.ketenpad.municipality.referral-declined.v1')
  async municipalityDeclined(@Payload() context: InboxEventContext): Promise<void> {
    await this.onDeclined(context);
  }

  @EventPattern('nl.ketenpad.social-work.referral-declined.v1')
  async socialWorkDeclined(@Payload() context: InboxEventContext): Promise<void> {
    await this.onDeclined(context);
  }

  @EventPattern('nl.ketenpad.municipality.first-conversation-held.v1')
  async firstConversationHeld(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    await this.onPathway(manager, event.pathwayid, { type: 'first-conversation-held', pathwayId: event.pathwayid });
  }

  @EventPattern('nl.ketenpad.social-work.first-contact-made.v1')
  async firstContactMade(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    const { referralId } = event.data as SocialWorkFirstContactMadeV1;
    await this.onPathway(
      manager,
      event.pathwayid,
      {
        type: 'first-conversation-held',
        pathwayId: event.pathwayid,
        ...(referralId !== undefined ? { referralId } : {}),
      },
      referralId,
    );
  }

  @EventPattern('nl.ketenpad.municipality.pathway-closed.v1')
  async pathwayClosed(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    await this.onPathway(manager, event.pathwayid, { type: 'pathway-closed', pathwayId: event.pathwayid });
  }

  @EventPattern('nl.ketenpad.municipality.pathway-merged.v1')
  async pathwayMerged(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    const { intoPathwayId } = event.data as MunicipalityPathwayMergedV1;
    await this.onPathway(manager, event.pathwayid, {
      type: 'pathway-merged',
      pathwayId: event.pathwayid,
      intoPathwayId,
    });
    // Need-to-know and erasure of the surviving pathway reach the practices' records of the merged one.
    const municipalityCode = municipalityCodeOf(event.source);
    if (municipalityCode !== undefined)
      await this.privacy.rememberMerge(manager, event.pathwayid, intoPathwayId, municipalityCode);
  }

  private async rememberMunicipality({ event, manager }: InboxEventContext): Promise<void> {
    const municipalityCode = municipalityCodeOf(event.source);
    if (municipalityCode !== undefined)
      await this.privacy.rememberMunicipality(manager, event.pathwayid, municipalityCode);
  }

  private async onAccepted({ event, manager }: InboxEventContext): Promise<void> {
    // The codec validated `data` against the event's schema before it got here.
    const data = event.data as AcceptedData;
    const referral = await this.store.loadReferralForUpdate(manager, data.referralId);
    if (!referral) return; // not one of the practices' referrals: not our business
    await this.apply(manager, referral, {
      type: 'accepted',
      by: data.by,
      pathwayId: event.pathwayid,
      ...(data.fromOrg !== undefined ? { fromOrg: data.fromOrg } : {}),
      ...(data.intoPathwayId !== undefined ? { intoPathwayId: data.intoPathwayId } : {}),
    });
  }

  private async onDeclined({ event, manager }: InboxEventContext): Promise<void> {
    const data = event.data as DeclinedData;
    const referral = await this.store.loadReferralForUpdate(manager, data.referralId);
    if (!referral) return;
    await this.apply(manager, referral, { type: 'declined', by: data.by });
  }

  private async onPathway(
    manager: EntityManager,
    pathwayId: string,
    feedback: ReferralFeedback,
    referralId?: string,
  ): Promise<void> {
    const referrals = await this.store.findAwaitingOutcomeForUpdate(manager, pathwayId, referralId);
    for (const referral of referrals) await this.apply(manager, referral, feedback);
  }

  private async apply(manager: EntityManager, referral: Referral, feedback: ReferralFeedback): Promise<void> {
    const now = this.clock.now();
    const consent = await this.store.loadConsent(manager, referral.consentId);
    const mayHearBack = consent !== undefined && allowsHearingBack(consent, LocalDate.fromInstant(now));
    const decision = applyFeedback(referral, feedback, now, mayHearBack);
    if (decision.kind === 'ignored') {
      this.logger.debug('feedback ignored', {
        referralId: referral.referralId,
        feedback: feedback.type,
        why: decision.why,
      });
      return;
    }
    await this.store.updateReferral(manager, decision.referral);
    if (decision.outcome === null) return;
    const outcome = gpEvent(
      'nl.ketenpad.gp.referral-outcome-received.v1',
      referral.practiceId,
      referral.pathwayId,
      { referralId: referral.referralId, outcome: decision.outcome, at: now.toISOString() },
      now,
    );
    await this.outbox.append(manager, [outcome], { topic: GP_TOPIC });
  }
}
