import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OpenDeadlineResponse {
  @ApiProperty({ enum: ['first-conversation', 'referral-acceptance', 'moratorium-end'] })
  kind!: string;
  @ApiProperty({ description: 'Due date (YYYY-MM-DD) or instant' })
  due!: string;
  @ApiPropertyOptional()
  referralId?: string;
}

export class ReferralResponse {
  @ApiProperty() referralId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Organisation URN (null until the referral itself has been seen)',
  })
  fromOrg!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Organisation URN' }) toOrg!: string | null;
  @ApiProperty({ nullable: true, type: String }) madeAt!: string | null;
  @ApiProperty({ enum: ['waiting', 'accepted', 'declined'] }) status!: string;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiPropertyOptional() firstContactAt?: string;
  @ApiPropertyOptional({ description: 'Coded reason, when declined' }) declineReason?: string;
  @ApiProperty({
    description: 'True when the referral sends the case back to an organisation that referred it on before',
  })
  bounce!: boolean;
}

export class ConsentResponse {
  @ApiProperty() consentId!: string;
  @ApiProperty({ description: 'Organisation URN' }) grantee!: string;
  @ApiProperty({ type: [String] }) scope!: string[];
  @ApiProperty({ nullable: true, type: String }) validUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawnAt!: string | null;
}

export class PathwayFlagResponse {
  @ApiProperty({
    enum: ['first-conversation-overdue', 'referral-not-accepted-in-time', 'referral-declined', 'referral-bounced'],
  })
  kind!: string;
  @ApiPropertyOptional() due?: string;
  @ApiPropertyOptional() referralId?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromOrg?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toOrg?: string | null;
}

export class PhaseChangeResponse {
  @ApiProperty() phase!: string;
  @ApiProperty() at!: string;
}

export class PathwaySummaryResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'GM0363' }) municipalityCode!: string | null;
  @ApiProperty({
    enum: ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie', 'oplossing', 'aflossing', 'nazorg', 'uitstroom'],
  })
  phase!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Crisis threat, if any' }) crisis!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Court instrument in force or requested, e.g. moratorium, wsnp',
  })
  legalStatus!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Organisation URN that owns the case' }) owner!:
    | string
    | null;
  @ApiProperty({ type: [String], description: 'Organisation URNs that took part' }) participants!: string[];
  @ApiProperty({ type: [OpenDeadlineResponse] }) openDeadlines!: OpenDeadlineResponse[];
  @ApiProperty({ nullable: true, type: String }) firstConversationDue!: string | null;
  @ApiProperty({ nullable: true, type: String }) firstConversationHeldAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) firstConversationDeadlineMet!: boolean | null;
  @ApiProperty({ type: [ReferralResponse] }) referrals!: ReferralResponse[];
  @ApiProperty({ type: [ConsentResponse] }) consents!: ConsentResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pathway this one was merged into' }) mergedInto!:
    | string
    | null;
  @ApiProperty({
    type: [PathwayFlagResponse],
    description:
      'Signals computed at read time: overdue deadlines, referrals not accepted within 5 working days, declined and bounced referrals',
  })
  flags!: PathwayFlagResponse[];
  @ApiProperty({ type: [PhaseChangeResponse], description: 'Every phase change, in time order' })
  phaseHistory!: PhaseChangeResponse[];
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'DDAS uitstroomreden' }) closeReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Phase the pathway was in when it closed' }) phaseAtClose!:
    | string
    | null;
  @ApiProperty() eventCount!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty() lastEventAt!: string;
}

export class TimelineEntryResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'nl.ketenpad.municipality.help-requested.v1' }) type!: string;
  @ApiProperty({ description: 'Organisation URN that produced the event' }) source!: string;
  @ApiProperty({ example: 'municipality' }) organisationKind!: string;
  @ApiProperty({
    example: 'GM0363',
    description: 'Organisation that published the event; empty for an event of a service on its own account (source `urn:nld:ketenpad:<kind>`).',
  })
  organisationId!: string;
  @ApiProperty({ enum: ['chain', 'legal', 'financial', 'health-restricted'] }) classification!: string;
  @ApiProperty({ description: 'When the fact happened' }) occurredAt!: string;
  @ApiProperty({ description: 'One human-readable line' }) summary!: string;
  @ApiProperty({ type: Object, description: 'The event data (no personal data by contract)' }) data!: Record<
    string,
    unknown
  >;
}

export class TimelineResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ type: PathwaySummaryResponse }) pathway!: PathwaySummaryResponse;
  @ApiProperty({ type: [TimelineEntryResponse] }) events!: TimelineEntryResponse[];
}
