import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import {
  CONTACT_KINDS,
  CREDITOR_RESPONSES,
  CRISIS_TYPES,
  DEBT_TYPES,
  DEFAULT_SETTLEMENT_TERM_MONTHS,
  GUIDANCE_KINDS,
  SOLUTION_KINDS,
  SUPPORT_KINDS,
  type ContactKind,
  type CreditorResponse,
  type CrisisType,
  type DebtType,
  type GuidanceKind,
  type SolutionKind,
  type SupportKind,
} from '../../domain/pathway/pathway.codes';

const INSTANT = { strict: true, strictSeparator: true } as const;
const MAX_CENTS = 100_000_000_000;

/** Body of the trajectory steps that record only a moment (start, reached, grant, ...). */
export class MomentDto {
  @ApiPropertyOptional({ example: '2025-04-01T09:00:00Z', description: 'When it happened (ISO 8601 instant); default now. Not in the future.' })
  @IsOptional()
  @IsISO8601(INSTANT)
  at?: string;
}

export class ContactAttemptDto extends MomentDto {
  @ApiProperty({ enum: CONTACT_KINDS, description: 'DDAS contactsoort of the attempt.' })
  @IsIn(CONTACT_KINDS)
  kind!: ContactKind;

  @ApiProperty({ description: 'True when the resident was actually reached (DDAS bereikt).' })
  @IsBoolean()
  reached!: boolean;
}

export class CrisisInterventionDto extends MomentDto {
  @ApiProperty({ enum: CRISIS_TYPES, description: 'The threat the intervention averts.' })
  @IsIn(CRISIS_TYPES)
  threat!: CrisisType;
}

export class CrisisInterventionEndDto extends MomentDto {
  @ApiPropertyOptional({ enum: CRISIS_TYPES, description: 'Which intervention ends; may be left out when exactly one runs.' })
  @IsOptional()
  @IsIn(CRISIS_TYPES)
  threat?: CrisisType;
}

export class PlanOfActionDto extends MomentDto {
  @ApiProperty({ enum: SUPPORT_KINDS, isArray: true, example: ['budget-coaching', 'debt-settlement'], description: 'Kinds of support the plan deploys, each once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SUPPORT_KINDS, { each: true })
  supportTypes!: SupportKind[];
}

export class GuidanceDto extends MomentDto {
  @ApiProperty({ enum: GUIDANCE_KINDS, description: 'DDAS begeleidingssoort.' })
  @IsIn(GUIDANCE_KINDS)
  kind!: GuidanceKind;
}

export class DebtsDto extends MomentDto {
  @ApiProperty({ example: 7, minimum: 0, maximum: 1000, description: 'Number of creditors.' })
  @IsInt()
  @Min(0)
  @Max(1000)
  creditorCount!: number;

  @ApiProperty({ example: 1845000, description: 'Total debt in euro cents.' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  totalDebtCents!: number;

  @ApiProperty({ enum: DEBT_TYPES, isArray: true, example: ['Nuts', 'Zorg'], description: 'DDAS schuldensoorten found, each once.' })
  @IsArray()
  @ArrayUnique()
  @IsIn(DEBT_TYPES, { each: true })
  debtTypes!: DebtType[];
}

export class SettlementProposalDto extends MomentDto {
  @ApiProperty({ enum: SOLUTION_KINDS, description: 'DDAS oplossingssoort.' })
  @IsIn(SOLUTION_KINDS)
  solutionKind!: SolutionKind;

  @ApiProperty({ example: 145000, description: 'Vrij te laten bedrag (VTLB) per month, in euro cents.' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  vtlbCents!: number;

  @ApiPropertyOptional({ example: 18, minimum: 1, maximum: 120, default: DEFAULT_SETTLEMENT_TERM_MONTHS, description: 'Term in months; 18 since 1 July 2023.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  termMonths?: number;
}

export class CreditorResponseDto extends MomentDto {
  @ApiProperty({ enum: CREDITOR_RESPONSES, description: "One creditor's answer to the pending proposal." })
  @IsIn(CREDITOR_RESPONSES)
  response!: CreditorResponse;
}
