import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@ketenpad/runtime';

/** Filters of every bottleneck query (query string). */
export class BottleneckQueryDto {
  @ApiPropertyOptional({ example: 'GM0363', description: 'Only pathways of this municipality (CBS code).' })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a municipality code like GM0363' })
  municipality?: string;

  @ApiPropertyOptional({
    example: 'SW-AMS',
    description:
      'Only pathways this organisation took part in (for hand-offs: referrals from or to it). Organisation id or URN (urn:nld:ketenpad:<kind>:<id>).',
  })
  @IsOptional()
  @Matches(/^(urn:nld:ketenpad:[a-z-]+:)?[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'organisation must be an organisation id or URN',
  })
  organisation?: string;

  @ApiPropertyOptional({
    example: '2026-01-01',
    description:
      'First day of the period (YYYY-MM-DD, Europe/Amsterdam), inclusive. Each analytic says which date it applies the period to.',
  })
  @IsOptional()
  @IsCalendarDate({ message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description: 'Last day of the period (YYYY-MM-DD), inclusive; not before from.',
  })
  @IsOptional()
  @IsCalendarDate({ message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    example: '2026-04-14T08:00:00Z',
    description: 'Evaluate "now" (approaching, overdue, waiting, stalled) at this instant instead of the current time.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 instant' })
  asOf?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'How many pathways to list at most (counts are always complete).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class WgsDeadlineQueryDto extends BottleneckQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 20,
    description:
      'A deadline within this many working days is approaching; default TIMELINE_WGS_APPROACHING_WORKING_DAYS (3).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'approachingWorkingDays must be a whole number' })
  @Min(0)
  @Max(20)
  approachingWorkingDays?: number;
}

export class StalledQueryDto extends BottleneckQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    description: 'Stalled after this many days without any event; default TIMELINE_STALLED_DAYS (30).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(3650)
  days?: number;
}

export class PillarToPostQueryDto extends BottleneckQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    description: 'List pathways from this index up; default TIMELINE_PILLAR_TO_POST_MIN_INDEX (4).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minIndex must be a whole number' })
  @Min(1)
  @Max(1000)
  minIndex?: number;
}
