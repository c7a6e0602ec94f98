import { IsCalendarDate } from '@ketenpad/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  DECLINE_REASONS,
  FORCED_SETTLEMENT_OUTCOMES,
  INSTRUMENTS,
  MORATORIUM_BASES,
  WSNP_MAX_TERM_MONTHS,
  type DeclineReason,
  type ForcedSettlementOutcome,
  type Instrument,
  type MoratoriumBasis,
} from '../../domain/court-case/court-case.codes';

const INSTANT = { strict: true, strictSeparator: true } as const;

export class OpenCaseDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'A pathway referred to the caller’s organisation whose case was closed (every referral declined), to take up again.',
  })
  @IsUUID()
  pathwayId!: string;
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
  @ApiProperty({ enum: DECLINE_REASONS, description: 'Coded reason for declining.' })
  @IsIn(DECLINE_REASONS)
  declineReason!: DeclineReason;

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

export class MoratoriumRequestDto {
  @ApiProperty({
    enum: MORATORIUM_BASES,
    description: 'Art. 287b Faillissementswet (threat) or art. 5 Wgs (broad moratorium).',
  })
  @IsIn(MORATORIUM_BASES)
  basis!: MoratoriumBasis;
}

export class MoratoriumGrantDto {
  @ApiProperty({ example: '2025-03-12', description: 'First day of the moratorium.' })
  @IsCalendarDate()
  startsAt!: string;

  @ApiProperty({ example: '2025-09-11', description: 'Last day: after startsAt and at most 6 months after it.' })
  @IsCalendarDate()
  endsAt!: string;
}

export class ProvisionalMeasureDto {
  @ApiProperty({ example: '2025-05-12', description: 'Last day of the provisional measure.' })
  @IsCalendarDate()
  endsAt!: string;
}

export class ForcedSettlementDecisionDto {
  @ApiProperty({ enum: FORCED_SETTLEMENT_OUTCOMES, description: 'Whether the refusing creditors are forced to agree.' })
  @IsIn(FORCED_SETTLEMENT_OUTCOMES)
  outcome!: ForcedSettlementOutcome;
}

export class WsnpAdmissionDto {
  @ApiProperty({
    minimum: 1,
    maximum: WSNP_MAX_TERM_MONTHS,
    example: 18,
    description: 'Term of the Wsnp in months (18 since 1 July 2023).',
  })
  @IsInt()
  @Min(1)
  @Max(WSNP_MAX_TERM_MONTHS)
  termMonths!: number;
}

export class WsnpEndDto {
  @ApiProperty({ description: 'True when the court granted the clean slate (schone lei).' })
  @IsBoolean()
  cleanSlate!: boolean;
}

export class HearingDto {
  @ApiProperty({ example: '2025-03-18T10:00:00Z', description: 'When the hearing takes place (ISO 8601 instant).' })
  @IsISO8601(INSTANT)
  at!: string;

  @ApiProperty({ enum: INSTRUMENTS, description: 'Procedure the hearing belongs to.' })
  @IsIn(INSTRUMENTS)
  instrument!: Instrument;
}
