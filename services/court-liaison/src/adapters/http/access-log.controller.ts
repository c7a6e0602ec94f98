import { Controller, Get, Param, ParseUUIDPipe, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { PathwayAccessLogQuery, type PathwayAccessLogView, purposeOf } from '@ketenpad/platform';

import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/** Why the access log is read unless the request states otherwise: the resident asked who looked at the file. */
const ACCESS_LOG_PURPOSE = 'resident-request';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

class AccessLogRowResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ description: "The reader's opaque user id (token `sub`)." }) subject!: string;
  @ApiProperty({ example: 'RB-AMS' }) organisationId!: string;
  @ApiProperty({ example: 'court-liaison' }) organisationKind!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ example: 'court-case', description: 'What was read.' }) resource!: string;
  @ApiProperty({ type: [String] }) classifications!: string[];
  @ApiProperty({ example: 'court-procedure' }) purpose!: string;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
}

class PathwayAccessLogResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ example: 'court-liaison' }) service!: 'court-liaison';
  @ApiProperty({
    type: [AccessLogRowResponse],
    description: 'Oldest first; includes pathways the municipality merged into this one.',
  })
  rows!: AccessLogRowResponse[];
}

/**
 * The court liaison's access log of a pathway, for the pathway's responsible
 * municipality (its counsellor or privacy officer), which answers the
 * resident's "who looked at my file?" for the whole chain. Reading it is logged too.
 */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('api/v1/pathways')
@RequireRoles('counsellor', 'admin')
@UseInterceptors(DomainErrorsInterceptor)
export class AccessLogController {
  constructor(private readonly accessLog: PathwayAccessLogQuery) {}

  @Get(':pathwayId/access-log')
  @ApiOkResponse({
    type: PathwayAccessLogResponse,
    description:
      'Every recorded read of the pathway at the court liaison. Purpose from `x-ketenpad-purpose` (default `resident-request`).',
  })
  @ApiForbiddenResponse({ description: 'Not a counsellor or admin.' })
  @ApiNotFoundResponse({ description: 'Unknown pathway, or the caller is not its responsible municipality.' })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('pathwayId', new ParseUUIDPipe()) pathwayId: string,
  ): Promise<PathwayAccessLogView> {
    return this.accessLog.read(principal, pathwayId, purposeOf(request, ACCESS_LOG_PURPOSE));
  }
}
