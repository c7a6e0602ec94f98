import { IsBsn, IsCalendarDate } from '@ketenpad/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { ORGANISATION_URN } from '../../domain/organisation.urn';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../domain/referral/received-referral';
import {
  CONTACT_KINDS,
  DECLINE_REASONS,
  REFERRAL_REASONS,
  SUPPORT_KINDS,
  SUPPORT_OUTCOMES,
  THREATS,
  type ContactKind,
  type DeclineReason,
  type ReferralReason,
  type SupportKind,
  type SupportOutcome,
  type Threat,
} from '../../domain/social-work.codes';



const INSTANT = { strict: true, strictSeparator: true } as const;

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, description: 'Only referrals in this status; all when omitted.' })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}

export class AcceptReferralDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-03-10T13:00:00Z',
    description:
      "When the referral was accepted on the organisation's own system, if earlier than now; not in the future nor more than a year back, and not before the referral was made. Now when omitted.",
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  acceptedAt?: string;
}

export class DeclineReferralDto {
  @ApiProperty({ enum: DECLINE_REASONS, description: 'Coded reason for declining; never free text.' })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-03-10T13:00:00Z',
    description:
      "When the referral was declined on the organisation's own system, if earlier than now; not in the future nor more than a year back, and not before the referral was made. Now when omitted.",
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  declinedAt?: string;
}

export class FirstContactDto {
  @ApiProperty({ enum: CONTACT_KINDS, description: 'How contact was made (DDAS contactsoort).' })
  @IsIn(CONTACT_KINDS)
  kind!: ContactKind;

  @ApiPropertyOptional({ format: 'date-time', description: 'When contact was made; now when omitted. Not in the future.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The accepted referral the contact follows; the one still waiting for contact when omitted.' })
  @IsOptional()
  @IsUUID()
  referralId?: string;
}

export class StartSupportDto {
  @ApiProperty({ enum: SUPPORT_KINDS, description: 'Kind of support.' })
  @IsIn(SUPPORT_KINDS)
  kind!: SupportKind;

  @ApiPropertyOptional({ format: 'date-time', description: 'When support started; now when omitted. Not in the future.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;
}

export class EndSupportDto {
  @ApiPropertyOptional({ enum: SUPPORT_OUTCOMES, default: 'completed', description: 'How the support ended.' })
  @IsOptional()
  @IsIn(SUPPORT_OUTCOMES)
  outcome?: SupportOutcome;

  @ApiPropertyOptional({ format: 'date-time', description: 'When support ended; now when omitted. Not in the future.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;
}

export class UrgentSituationDto {
  @ApiProperty({ enum: THREATS, description: 'What threatens: eviction, cut-off of energy/water/heat, end of health insurance, or another acute threat.' })
  @IsIn(THREATS)
  threat!: Threat;

  @ApiProperty({ format: 'date', example: '2025-03-14', description: 'Date by which action is needed (e.g. the eviction date); today or later.' })
  @IsCalendarDate()
  dueBy!: string;
}

export class OnwardReferralDto {
  @ApiPropertyOptional({ format: 'uuid', description: "A pathway in the organisation's caseload; a new pathway when omitted." })
  @IsOptional()
  @IsUUID()
  pathwayId?: string;

  @ApiProperty({ example: 'urn:nld:ketenpad:municipality:GM0363', description: 'Organisation referred to.' })
  @Matches(ORGANISATION_URN, { message: 'toOrg must be an organisation URN like urn:nld:ketenpad:municipality:GM0363' })
  toOrg!: string;

  @ApiProperty({ enum: REFERRAL_REASONS, description: 'Coded reason; never free text.' })
  @IsIn(REFERRAL_REASONS)
  reason!: ReferralReason;

  @ApiProperty({ description: 'The receiving organisation should act within days.' })
  @IsBoolean()
  urgent!: boolean;

  @ApiProperty({ description: 'Warm referral: personal hand-over.' })
  @IsBoolean()
  warm!: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Consent record the referral rests on, if any.' })
  @IsOptional()
  @IsUUID()
  consentRef?: string;

  @ApiPropertyOptional({
    description:
      "The resident's BSN, only so the receiver can recognise an existing file: the service sends its keyed pseudonym and neither stores nor emits the BSN.",
  })
  @IsOptional()
  @IsBsn()
  bsn?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-03-07T10:00:00Z',
    description:
      "When the referral was made on the organisation's own system, if earlier than now; not in the future nor more than a year back. Now when omitted.",
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  madeAt?: string;
}

export class OnwardReferralResponse {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty()
  toOrg!: string;

  @ApiProperty({ format: 'date-time' })
  madeAt!: string;
}

export class CaseloadPathwayResponse {
  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty({ enum: SUPPORT_KINDS, isArray: true, description: 'Support running now.' })
  activeSupport!: SupportKind[];
}

export class UrgentSituationResponse {
  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty({ enum: THREATS })
  threat!: Threat;

  @ApiProperty({ format: 'date' })
  dueBy!: string;

  @ApiProperty({ format: 'date-time' })
  flaggedAt!: string;
}
