import { IsBsn, IsCalendarDate } from '@ketenpad/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  ValidateIf,
} from 'class-validator';
import {
  CONSENT_PURPOSES,
  GP_SCOPES,
  PATIENT_REF,
  REFERRAL_OUTCOMES,
  REFERRAL_REASONS,
  REFERRAL_TARGET_URN,
  type ConsentPurpose,
  type GpScopeItem,
  type ReferralOutcome,
  type ReferralReason,
} from '../../domain/gp.codes';
import type { ReferralStatus } from '../../domain/referral/referral';

const INSTANT = { strict: true, strictSeparator: true } as const;

export class RecordConsentDto {
  @ApiProperty({
    example: '111222333',
    description: "The patient's BSN (Wabvpz, elfproef). Kept by the practice only; never published or returned.",
  })
  @IsBsn()
  bsn!: string;

  @ApiProperty({
    enum: GP_SCOPES,
    isArray: true,
    description:
      'What the patient allows: referring to the municipality and/or social work, and hearing back the outcome.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(GP_SCOPES, { each: true })
  scope!: GpScopeItem[];

  @ApiProperty({ enum: CONSENT_PURPOSES, description: 'Purpose (doelbinding) of the consent; kept by the practice.' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({
    example: '2025-09-30',
    nullable: true,
    type: String,
    description: 'Last valid day (Europe/Amsterdam), or null: valid until withdrawn. Required.',
  })
  @ValidateIf((dto: RecordConsentDto) => dto.validUntil !== null)
  @IsCalendarDate()
  validUntil!: string | null;
}

export class ListConsentsQuery {
  @ApiPropertyOptional({
    example: 'P-000123',
    description:
      "Only this patient's consents: the practice's own reference (1-64 letters, digits or dashes), never a BSN.",
  })
  @IsOptional()
  @Matches(PATIENT_REF, { message: 'patientRef must be 1-64 letters, digits or dashes' })
  patientRef?: string;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty({ example: 'P-000123' })
  patientRef!: string;

  @ApiProperty({
    format: 'uuid',
    description:
      "The episode's pathway id: the key of the practice's events on the chain (for the chain timeline and live updates).",
  })
  pathwayId!: string;

  @ApiProperty({ enum: GP_SCOPES, isArray: true })
  scope!: GpScopeItem[];

  @ApiProperty({ enum: CONSENT_PURPOSES })
  purpose!: ConsentPurpose;

  @ApiProperty({ nullable: true, type: String, example: '2025-09-30' })
  validUntil!: string | null;

  @ApiProperty({ example: '2025-03-10T09:30:00.000Z' })
  recordedAt!: string;

  @ApiProperty({ nullable: true, type: String })
  withdrawnAt!: string | null;
}

export class MakeReferralDto {
  @ApiProperty({ format: 'uuid', description: 'The consent the referral rests on (required: medical secrecy).' })
  @IsUUID()
  consentId!: string;

  @ApiProperty({
    example: 'urn:nld:ketenpad:municipality:GM0363',
    description: 'A municipality or social-work organisation.',
  })
  @Matches(REFERRAL_TARGET_URN, {
    message:
      'toOrg must be the URN of a municipality or social-work organisation, like urn:nld:ketenpad:municipality:GM0363',
  })
  toOrg!: string;

  @ApiProperty({ enum: REFERRAL_REASONS, description: 'Coded reason; never a diagnosis or free text.' })
  @IsIn(REFERRAL_REASONS)
  reason!: ReferralReason;

  @ApiProperty({ description: 'The receiving organisation should act within days (a threat is present).' })
  @IsBoolean()
  urgent!: boolean;

  @ApiProperty({ description: 'Warm referral: personal hand-over with the patient present or called.' })
  @IsBoolean()
  warm!: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-03-07T10:00:00Z',
    description:
      "When the referral was made on the organisation's own system (the practice's), if earlier than now; not in the future nor more than a year back. Now when omitted.",
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  madeAt?: string;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty({ example: 'urn:nld:ketenpad:gp:HA-0001' })
  fromOrg!: string;

  @ApiProperty({ example: 'urn:nld:ketenpad:municipality:GM0363' })
  toOrg!: string;

  @ApiProperty({ enum: REFERRAL_REASONS })
  reason!: ReferralReason;

  @ApiProperty()
  urgent!: boolean;

  @ApiProperty()
  warm!: boolean;

  @ApiProperty({ example: '2025-03-10T09:30:00.000Z' })
  madeAt!: string;

  @ApiProperty({
    enum: ['made', 'accepted', 'outcome-received'],
    description: 'made: awaiting an answer; accepted: following the pathway; outcome-received: final.',
  })
  status!: ReferralStatus;

  @ApiProperty({ enum: REFERRAL_OUTCOMES, nullable: true })
  outcome!: ReferralOutcome | null;

  @ApiProperty({ nullable: true, type: String })
  outcomeAt!: string | null;
}
