import { IsBsn, IsCalendarDate, IsCalendarDateOrNull, IsPlainText } from '@ketenpad/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_SCOPES,
  CRISIS_TYPES,
  INTAKE_DECISIONS,
  ORGANISATION_URN,
  PHASES,
  REFERRAL_REASONS,
  SIGNAL_PARTNER_TYPES,
  UITSTROOM_REASONS,
  type Channel,
  type ConsentPurpose,
  type ConsentScope,
  type CrisisType,
  type IntakeDecision,
  type Phase,
  type ReferralReason,
  type SignalPartnerType,
  type UitstroomReason,
} from '../../domain/pathway/pathway.codes';
import type { PathwayStatus } from '../../domain/pathway/pathway.state';




const INSTANT = { strict: true, strictSeparator: true } as const;

export class CrisisDto {
  @ApiProperty({ enum: CRISIS_TYPES, description: 'What threatens: eviction, cut-off of energy/water/heat, end of health insurance, or another threat in the crisis protocol.' })
  @IsIn(CRISIS_TYPES)
  type!: CrisisType;
}

export class AddressDto {
  @ApiPropertyOptional({ example: 'Dorpsstraat' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  street?: string;

  @ApiPropertyOptional({ example: '12a' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(20)
  houseNumber?: string;

  @ApiPropertyOptional({ example: '1011AB' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { message: 'postalCode must be a Dutch postal code like 1011AB' })
  postalCode?: string;

  @ApiPropertyOptional({ example: 'Amsterdam' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  city?: string;
}

/** Contact data; stored encrypted, never published. */
export class ContactDto {
  @ApiPropertyOptional({ example: 'Fatima de Vries' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '0612345678' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'fatima@example.nl' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class RegisterHelpRequestDto {
  @ApiProperty({ example: '111222333', description: 'BSN of the resident (elfproef); stored encrypted, returned masked.' })
  @IsBsn()
  bsn!: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiProperty({ enum: CHANNELS, description: 'How the request came in.' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ example: '2025-03-03T09:00:00Z', description: 'When the request was made (ISO 8601); default now. Starts the Wgs term.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  requestedAt?: string;

  @ApiPropertyOptional({ type: CrisisDto, nullable: true, description: 'Crisis at the request: the first conversation is then due within 3 working days.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CrisisDto)
  crisis?: CrisisDto | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The referral this request came in through.' })
  @IsOptional()
  @IsUUID()
  referralId?: string;
}

export class EarlySignalDto {
  @ApiProperty({ example: '111222333', description: 'BSN of the resident (elfproef), after the BRP check.' })
  @IsBsn()
  bsn!: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiProperty({ enum: SIGNAL_PARTNER_TYPES, description: 'DDAS signaalpartner.' })
  @IsIn(SIGNAL_PARTNER_TYPES)
  signalPartnerType!: SignalPartnerType;

  @ApiProperty({ example: 84500, description: 'Arrears in euro cents.' })
  @IsInt()
  @Min(0)
  @Max(100_000_000_000)
  arrearsCents!: number;

  @ApiProperty({ example: '2024-12-01', description: 'Date the arrears started (DDAS ontstaansdatum).' })
  @IsCalendarDate()
  arrearsSince!: string;

  @ApiProperty({ example: '2025-03-01', description: 'Date of the signal (DDAS signaaldatum).' })
  @IsCalendarDate()
  signalledAt!: string;

  @ApiPropertyOptional({ type: CrisisDto, nullable: true, description: 'Crisis flagged by the partner (DDAS crisissignaal).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CrisisDto)
  crisis?: CrisisDto | null;

  @ApiProperty({ description: 'The partner hands the resident over warmly (DDAS warme overdracht).' })
  @IsBoolean()
  warmHandover!: boolean;
}

export class FirstConversationDto {
  @ApiPropertyOptional({ example: '2025-03-10T10:00:00Z', description: 'When it was held; default now.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  heldAt?: string;
}

export class IntakeDecisionDto {
  @ApiProperty({ enum: INTAKE_DECISIONS, description: 'toelating (Toelatingsbeschikking) or afwijzing (Afwijzingsbeschikking).' })
  @IsIn(INTAKE_DECISIONS)
  decision!: IntakeDecision;

  @ApiPropertyOptional({ example: '2025-03-20', description: 'Date of the beschikking; default today (Europe/Amsterdam).' })
  @IsOptional()
  @IsCalendarDate()
  decidedAt?: string;

  @ApiPropertyOptional({ enum: UITSTROOM_REASONS, description: 'DDAS uitstroom reason for an afwijzing; default "Voldoet niet".' })
  @IsOptional()
  @IsIn(UITSTROOM_REASONS)
  closeReason?: UitstroomReason;
}

export class PhaseTransitionDto {
  @ApiProperty({ enum: PHASES, description: 'Target phase; only forward moves of the rule table are allowed (409 otherwise).' })
  @IsIn(PHASES)
  to!: Phase;

  @ApiPropertyOptional({ example: '2025-04-01T09:00:00Z', description: 'When the phase changed; default now.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;
}

export class ReferralDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Id of the referral; generated when omitted.' })
  @IsOptional()
  @IsUUID()
  referralId?: string;

  @ApiProperty({ example: 'urn:nld:ketenpad:social-work:mw-amsterdam-noord', description: 'Organisation referred to.' })
  @Matches(ORGANISATION_URN, { message: 'toOrg must be an organisation URN like urn:nld:ketenpad:social-work:<orgId>' })
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
    format: 'date-time',
    example: '2025-03-07T10:00:00Z',
    description:
      "When the referral was made on the organisation's own system, if earlier than now; not in the future nor more than a year back, and not before the help request. Now when omitted.",
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  madeAt?: string;
}

export class ClosureDto {
  @ApiProperty({ enum: UITSTROOM_REASONS, description: 'DDAS uitstroom reason.' })
  @IsIn(UITSTROOM_REASONS)
  reason!: UitstroomReason;

  @ApiPropertyOptional({ example: '2025-09-01T09:00:00Z', description: 'When the pathway closed; default now.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;
}

/** Answer to opening a pathway (help request or early signal). */
export class OpenedPathwayResponse {
  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty({ enum: PHASES, nullable: true, description: 'Null while the pathway only has early signals.' })
  phase!: Phase | null;

  @ApiProperty({ type: String, format: 'date', example: '2025-03-31', nullable: true, description: 'Wgs deadline for the first conversation.' })
  firstConversationDue!: string | null;

  @ApiProperty({ type: CrisisDto, nullable: true })
  crisis!: CrisisDto | null;
}

/**
 * Answer to a command on an existing pathway: only what the command changed -
 * the facts it recorded (event types, no event data) and the phase and status
 * they left. Never resident data nor the rest of the pathway, so a command is
 * no read of the pathway (NEN 7513: no access-log row); read the pathway with
 * GET /pathways/{id}, which is access-logged.
 */
export class PathwayCommandResponse {
  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty({ enum: ['new', 'signalled', 'open', 'closed'] })
  status!: PathwayStatus;

  @ApiProperty({ enum: PHASES, nullable: true, description: 'Null while the pathway only has early signals.' })
  phase!: Phase | null;

  @ApiProperty({
    type: [String],
    example: ['first-conversation-held', 'phase-changed'],
    description:
      'The facts recorded, in order (event type without prefix and version); empty when the command changed nothing.',
  })
  events!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'POST referrals only: the id of the referral made.' })
  referralId?: string;
}

/** 409 to a help request for a resident who already has one in progress here: the one error shape plus that pathway. */
export class ResidentHasOpenPathwayResponse {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'uuid', description: "The resident's pathway in progress in this municipality; continue there." })
  existingPathwayId!: string;
  @ApiPropertyOptional() correlationId?: string;
}

/** The resident of a pathway, added by the counsellor (e.g. at the first conversation of a referred resident). */
export class ResidentDto {
  @ApiProperty({ example: '111222333', description: 'BSN of the resident (elfproef); stored encrypted, returned masked.' })
  @IsBsn()
  bsn!: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

/** Filter of the work list. */
export class PathwayListQuery {
  @ApiPropertyOptional({ enum: ['signalled', 'open', 'closed'], description: 'Only pathways with this status; all when omitted.' })
  @IsOptional()
  @IsIn(['signalled', 'open', 'closed'])
  status?: 'signalled' | 'open' | 'closed';

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'At most this many pathways, earliest deadline first.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class PathwayListItemResponse {
  @ApiProperty({ format: 'uuid' })
  pathwayId!: string;

  @ApiProperty({ enum: ['signalled', 'open', 'closed'] })
  status!: string;

  @ApiProperty({ enum: PHASES, nullable: true, description: 'Null while the pathway only has early signals.' })
  phase!: Phase | null;

  @ApiProperty({ type: CrisisDto, nullable: true })
  crisis!: CrisisDto | null;

  @ApiProperty({ type: String, format: 'date', example: '2025-03-31', nullable: true, description: 'Wgs deadline for the first conversation.' })
  firstConversationDue!: string | null;

  @ApiProperty({ nullable: true, description: 'When the first conversation was held; null while it is pending.' })
  firstConversationHeldAt!: string | null;
}

export class ConsentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Id of the consent record; generated when omitted.' })
  @IsOptional()
  @IsUUID()
  consentId?: string;

  @ApiProperty({ example: 'urn:nld:ketenpad:social-work:SW-AMS', description: 'Organisation the resident gives consent to.' })
  @Matches(ORGANISATION_URN, { message: 'grantee must be an organisation URN like urn:nld:ketenpad:social-work:<orgId>' })
  grantee!: string;

  @ApiProperty({ enum: CONSENT_PURPOSES, description: 'Purpose (doelbinding) of the consent.' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true, example: ['chain'], description: 'Classifications of events the grantee may see.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONSENT_SCOPES, { each: true })
  scope!: ConsentScope[];

  @ApiProperty({ example: '2025-12-31', nullable: true, type: String, description: 'Last valid day, or null: until withdrawn.' })
  @IsCalendarDateOrNull()
  validUntil!: string | null;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty()
  grantee!: string;

  @ApiProperty({ enum: CONSENT_PURPOSES })
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  scope!: ConsentScope[];

  @ApiProperty({ nullable: true, type: String })
  validUntil!: string | null;

  @ApiProperty({ description: 'When the consent was given.' })
  recordedAt!: string;

  @ApiProperty({ nullable: true, type: String, description: 'When it was withdrawn; null while it stands.' })
  withdrawnAt!: string | null;
}

/** Find a resident's pathways: the BSN goes in the body, never in a URL or a log line. */
export class PathwaySearchDto {
  @ApiProperty({ example: '111222333', description: 'BSN of the resident (elfproef).' })
  @IsBsn()
  bsn!: string;
}

export class PathwaySearchResponse {
  @ApiProperty({
    type: PathwayListItemResponse,
    isArray: true,
    description: 'Newest first; empty when the resident has none here.',
  })
  items!: PathwayListItemResponse[];
}
