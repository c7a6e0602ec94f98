import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CASELOAD_FLAGS, CASELOAD_SORTS, type CaseloadFlag, type CaseloadSort } from '../../application/caseload.query';

const PHASES = [
  'aanmelding',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'oplossing',
  'aflossing',
  'nazorg',
  'uitstroom',
] as const;

/** Filters, sort and page of the caseload (query string). */
export class CaseloadQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed', 'all'], { message: 'status must be open, closed or all' })
  status?: 'open' | 'closed' | 'all';

  @ApiPropertyOptional({
    example: 'GM0363',
    description: "Only this municipality's pathways (a municipality only ever sees its own).",
  })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a municipality code like GM0363' })
  municipality?: string;

  @ApiPropertyOptional({ enum: PHASES })
  @IsOptional()
  @IsIn(PHASES, { message: `phase must be one of ${PHASES.join(', ')}` })
  phase?: string;

  @ApiPropertyOptional({
    enum: ['overdue', 'due-soon'],
    description:
      'First conversation not held yet: past its Wgs deadline, or due within TIMELINE_WGS_APPROACHING_WORKING_DAYS working days.',
  })
  @IsOptional()
  @IsIn(['overdue', 'due-soon'], { message: 'deadline must be overdue or due-soon' })
  deadline?: 'overdue' | 'due-soon';

  @ApiPropertyOptional({ enum: CASELOAD_FLAGS })
  @IsOptional()
  @IsIn(CASELOAD_FLAGS, { message: `flag must be one of ${CASELOAD_FLAGS.join(', ')}` })
  flag?: CaseloadFlag;

  @ApiPropertyOptional({
    example: 'urn:nld:ketenpad:municipality:GM0363',
    description: 'Organisation URN that owns the case.',
  })
  @IsOptional()
  @Matches(/^urn:nld:ketenpad:[a-z-]+:[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'owner must be an organisation URN',
  })
  owner?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Also list pathways merged into another one (by default a merged pathway is not a case of its own).',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeMerged must be true or false' })
  includeMerged?: 'true' | 'false';

  @ApiPropertyOptional({ enum: CASELOAD_SORTS, default: 'deadline' })
  @IsOptional()
  @IsIn(CASELOAD_SORTS, { message: `sort must be one of ${CASELOAD_SORTS.join(', ')}` })
  sort?: CaseloadSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(100, { message: 'pageSize must be at most 100' })
  pageSize?: number;
}

export class CaseloadItemResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'GM0363' }) municipalityCode!: string | null;
  @ApiProperty({ example: 'aanmelding' }) phase!: string;
  @ApiProperty({ nullable: true, type: String, example: 'eviction' }) crisis!: string | null;
  @ApiProperty({ nullable: true, type: String }) legalStatus!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'urn:nld:ketenpad:municipality:GM0363' }) owner!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2026-12-10' }) firstConversationDue!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) firstConversationHeldAt!: string | null;
  @ApiProperty({
    nullable: true,
    description:
      'Working days from today to the Wgs deadline; negative when overdue, null once held, closed or without one.',
  })
  workingDaysLeft!: number | null;
  @ApiProperty() openReferrals!: number;
  @ApiProperty({ description: '1 per hand-off, 2 per declined referral, 3 per bounce.' }) pillarToPostIndex!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) flags!: object[];
  @ApiProperty() startedAt!: string;
  @ApiProperty() lastEventAt!: string;
  @ApiProperty({ nullable: true }) closedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The pathway this one was taken into (only with includeMerged).',
  })
  mergedInto!: string | null;
}

export class CaseloadResponse {
  @ApiProperty({ type: [CaseloadItemResponse] }) items!: CaseloadItemResponse[];
  @ApiProperty({ description: 'Pathways matching the filters (all pages).' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
