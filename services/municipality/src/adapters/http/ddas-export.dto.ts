import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The reporting period of a DDAS export, both days inclusive, at most one year. */
export class DdasExportQuery {
  @ApiProperty({ example: '2025-01-01', description: 'First day of the period (YYYY-MM-DD), inclusive.' })
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last day of the period (YYYY-MM-DD), inclusive; at most one year after from.' })
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}
