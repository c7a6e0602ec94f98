import { ApiProperty } from '@nestjs/swagger';

const PATHWAY_ID = {
  format: 'uuid',
  description: 'Pseudonymous pathway id (the timeline holds no names, BSN or contact data)',
} as const;
const NULLABLE_NUMBER = { nullable: true, type: Number } as const;

class AsOfResponse {
  @ApiProperty({ description: 'The instant "now" was evaluated at (clock or asOf)' }) asOf!: string;
}

export class DeadlinePathwayResponse {
  @ApiProperty(PATHWAY_ID) pathwayId!: string;
  @ApiProperty({ nullable: true, type: String }) municipalityCode!: string | null;
  @ApiProperty({ description: 'Last day of the Wgs term (YYYY-MM-DD)' }) firstConversationDue!: string;
  @ApiProperty({ description: 'Crisis pathway: the 3-working-day term' }) crisis!: boolean;
  @ApiProperty({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty({ enum: ['overdue', 'approaching'] }) status!: string;
  @ApiProperty({
    description: 'Working days (Atw calendar) from today to the due date; 0 on the due date or when overdue',
  })
  workingDaysLeft!: number;
  @ApiProperty({ description: 'Working days since the due date passed; 0 when not overdue' })
  workingDaysOverdue!: number;
}

export class WeekShareResponse {
  @ApiProperty({ description: 'Monday of the ISO week (Europe/Amsterdam)' }) week!: string;
  @ApiProperty() held!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty(NULLABLE_NUMBER) onTimeShare!: number | null;
}

export class WgsDeadlinesResponse extends AsOfResponse {
  @ApiProperty() approachingWorkingDays!: number;
  @ApiProperty({ description: 'Deadlines up to and including this date count as approaching' })
  approachingUntil!: string;
  @ApiProperty({ description: 'Open pathways past their deadline without a first conversation' }) overdue!: number;
  @ApiProperty({ description: 'Open pathways whose deadline is today or within the approaching window' })
  approaching!: number;
  @ApiProperty({
    type: [DeadlinePathwayResponse],
    description: 'Overdue and approaching pathways, earliest deadline first (period: arrival date)',
  })
  pathways!: DeadlinePathwayResponse[];
  @ApiProperty() listed!: number;
  @ApiProperty() total!: number;
  @ApiProperty({
    type: [WeekShareResponse],
    description: 'Per week: first conversations held and the share on time (period: date held)',
  })
  weekly!: WeekShareResponse[];
}

export class HoursDistributionResponse {
  @ApiProperty() count!: number;
  @ApiProperty(NULLABLE_NUMBER) medianHours!: number | null;
  @ApiProperty(NULLABLE_NUMBER) p90Hours!: number | null;
  @ApiProperty(NULLABLE_NUMBER) meanHours!: number | null;
}

export class HandOffPairResponse {
  @ApiProperty({ nullable: true, type: String, description: 'Referring organisation URN' }) fromOrg!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Receiving organisation URN' }) toOrg!: string | null;
  @ApiProperty() referrals!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ description: 'Still unanswered, on open pathways' }) waiting!: number;
  @ApiProperty({
    description:
      'Never answered, and the pathway has closed. Every referral is in exactly one state: referrals = accepted + declined + waiting + closedUnanswered',
  })
  closedUnanswered!: number;
  @ApiProperty({ type: HoursDistributionResponse, description: 'Referral made -> accepted' })
  referralToAcceptance!: HoursDistributionResponse;
  @ApiProperty({ type: HoursDistributionResponse, description: 'Accepted -> first contact' })
  acceptanceToFirstContact!: HoursDistributionResponse;
}

export class WaitingReferralResponse {
  @ApiProperty(PATHWAY_ID) pathwayId!: string;
  @ApiProperty() referralId!: string;
  @ApiProperty({ nullable: true, type: String }) fromOrg!: string | null;
  @ApiProperty({ nullable: true, type: String }) toOrg!: string | null;
  @ApiProperty() referredAt!: string;
  @ApiProperty({ description: 'Working days (Atw) since the day of the referral' }) workingDaysWaiting!: number;
  @ApiProperty({ description: 'Past the hand-off threshold' }) overThreshold!: boolean;
}

export class HandOffsResponse extends AsOfResponse {
  @ApiProperty({ description: 'TIMELINE_REFERRAL_WAITING_WORKING_DAYS' }) thresholdWorkingDays!: number;
  @ApiProperty({ type: [HandOffPairResponse], description: 'Per pair of organisations (period: referral date)' })
  pairs!: HandOffPairResponse[];
  @ApiProperty({ type: [WaitingReferralResponse], description: 'Referrals still waiting for an answer, oldest first' })
  waiting!: WaitingReferralResponse[];
  @ApiProperty() waitingTotal!: number;
}

export class DaysDistributionResponse {
  @ApiProperty() count!: number;
  @ApiProperty(NULLABLE_NUMBER) medianDays!: number | null;
  @ApiProperty(NULLABLE_NUMBER) p90Days!: number | null;
  @ApiProperty(NULLABLE_NUMBER) meanDays!: number | null;
}

export class PhaseDurationResponse extends DaysDistributionResponse {
  @ApiProperty({
    enum: ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie', 'oplossing', 'aflossing', 'nazorg'],
  })
  phase!: string;
  @ApiProperty({ description: 'Stays in this phase still running' }) ongoing!: number;
}

export class SettlementPreparationResponse extends DaysDistributionResponse {
  @ApiProperty({ description: 'Pathways that took longer than the norm' }) overNorm!: number;
  @ApiProperty({ description: 'NVVK norm: 120 days from request to settlement' }) normDays!: number;
}

export class FirstAppointmentResponse extends DaysDistributionResponse {
  @ApiProperty({ description: 'NVVK reference: on average 11 days from request to first appointment' })
  normMeanDays!: number;
}

export class PhaseDurationsResponse extends AsOfResponse {
  @ApiProperty({ type: [PhaseDurationResponse], description: 'Completed stays per DDAS phase (period: date entered)' })
  phases!: PhaseDurationResponse[];
  @ApiProperty({
    type: SettlementPreparationResponse,
    description: 'Request -> first settlement phase (oplossing/aflossing) (period: arrival date)',
  })
  settlementPreparation!: SettlementPreparationResponse;
  @ApiProperty({
    type: FirstAppointmentResponse,
    description: 'Request -> first conversation held (period: arrival date)',
  })
  firstAppointment!: FirstAppointmentResponse;
}

export class StalledGroupResponse {
  @ApiProperty() phase!: string;
  @ApiProperty({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty() count!: number;
}

export class StalledPathwayResponse {
  @ApiProperty(PATHWAY_ID) pathwayId!: string;
  @ApiProperty() phase!: string;
  @ApiProperty({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty() lastEventAt!: string;
  @ApiProperty() daysSinceLastEvent!: number;
}

export class StalledResponse extends AsOfResponse {
  @ApiProperty() days!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [StalledGroupResponse] }) byPhaseAndOwner!: StalledGroupResponse[];
  @ApiProperty({ type: [StalledPathwayResponse], description: 'Longest quiet first (period: arrival date)' })
  pathways!: StalledPathwayResponse[];
}

export class PillarPathwayResponse {
  @ApiProperty(PATHWAY_ID) pathwayId!: string;
  @ApiProperty() index!: number;
  @ApiProperty() handOffs!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() bounces!: number;
  @ApiProperty() phase!: string;
  @ApiProperty() closed!: boolean;
}

export class PillarToPostResponse extends AsOfResponse {
  @ApiProperty({ description: 'How the index is computed' }) formula!: string;
  @ApiProperty() minIndex!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [PillarPathwayResponse], description: 'Highest index first (period: arrival date)' })
  pathways!: PillarPathwayResponse[];
}

export class ClosedPerPhaseResponse {
  @ApiProperty() phase!: string;
  @ApiProperty() count!: number;
}

export class ClosedPerReasonResponse {
  @ApiProperty({ nullable: true, type: String }) phase!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'DDAS uitstroomreden' }) reason!: string | null;
  @ApiProperty() count!: number;
}

export class CohortResponse {
  @ApiProperty({ description: 'Pathways that started (help requested) in the period, merges excluded' })
  registered!: number;
  @ApiProperty({ description: 'A settlement (oplossing or aflossing) started' }) reachedSettlement!: number;
  @ApiProperty({ description: 'Closed before a settlement started, in a phase before one' }) droppedOut!: number;
  @ApiProperty({ description: 'Still open, no settlement yet' }) openBeforeSettlement!: number;
  @ApiProperty({ description: 'Closed without a settlement, in a phase that is no drop-out' }) closedOtherwise!: number;
  @ApiProperty({
    ...NULLABLE_NUMBER,
    description: 'droppedOut / registered (a lower bound while pathways are still open); null when none registered',
  })
  dropOutShare!: number | null;
  @ApiProperty({ enum: ['registered'], description: 'The base of dropOutShare: pathways registered in the period' })
  dropOutShareBase!: 'registered';
}

export class OutcomesResponse extends AsOfResponse {
  @ApiProperty({ description: 'Pathways closed in the period (merges excluded)' }) closed!: number;
  @ApiProperty({ type: [ClosedPerPhaseResponse] }) byPhase!: ClosedPerPhaseResponse[];
  @ApiProperty({ type: [ClosedPerReasonResponse] }) byPhaseAndReason!: ClosedPerReasonResponse[];
  @ApiProperty({
    description:
      'Closed in aanmelding, intake, plan-van-aanpak or stabilisatie, without a settlement ever having started',
  })
  droppedOutBeforeSettlement!: number;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'droppedOutBeforeSettlement / closed; null when nothing closed' })
  dropOutShare!: number | null;
  @ApiProperty({ enum: ['closed'], description: 'The base of dropOutShare: pathways closed in the period' })
  dropOutShareBase!: 'closed';
  @ApiProperty({ type: CohortResponse }) cohort!: CohortResponse;
  @ApiProperty({
    description:
      'Published reference: about 40 % of the people who register drop out before a settlement starts (DOMAIN.md, R29); compare with cohort.dropOutShare',
  })
  normDropOutShare!: number;
  @ApiProperty({ enum: ['registered'], description: 'The base of the reference figure: everyone who registered' })
  normDropOutShareBase!: 'registered';
}

export class FlowWeekResponse {
  @ApiProperty({ description: 'Monday of the ISO week' }) week!: string;
  @ApiProperty() arrivals!: number;
  @ApiProperty() closures!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Pathways in each phase at the end of the week',
  })
  workInProgress!: Record<string, number>;
}

export class FlowResponse extends AsOfResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [FlowWeekResponse] }) weeks!: FlowWeekResponse[];
}
