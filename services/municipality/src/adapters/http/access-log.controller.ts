import { Controller, Get, Param, ParseUUIDPipe, Req, UnauthorizedException, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { ChainAccessLogQuery, type ChainAccessLogView } from '../../application/chain-access-log.query';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { municipalityOf, type PurposeRequest } from './pathway.controller';

/** Why the access log is read unless the request states otherwise: the resident asked who looked at the file. */
const ACCESS_LOG_PURPOSE = 'resident-request';

class ChainAccessLogRowResponse {
  @ApiProperty({ example: 'social-work', description: 'The service whose access log holds the row.' }) service!: string;
  @ApiProperty({ description: 'Row id within that service.' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ description: "The reader's opaque user id (token `sub`)." }) subject!: string;
  @ApiProperty({ example: 'SW-AMS' }) organisationId!: string;
  @ApiProperty({ example: 'social-work' }) organisationKind!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ example: 'referral', description: 'What was read: pathway, pathway-list, ddas-export, timeline, …' })
  resource!: string;
  @ApiProperty({ type: [String] }) classifications!: string[];
  @ApiProperty({ example: 'debt-assistance' }) purpose!: string;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
}

class ChainAccessLogResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ type: [ChainAccessLogRowResponse], description: 'Every recorded read in the chain, oldest first.' })
  rows!: ChainAccessLogRowResponse[];
  @ApiProperty({
    type: [String],
    example: ['court-liaison'],
    description: 'Services that could not be asked (down, too slow or refusing): their reads are missing from `rows`.',
  })
  incomplete!: string[];
}

/**
 * "Who looked at my file?" (AVG art. 15, NEN 7513) for the whole chain: the
 * municipality's own access log of the pathway plus every other service's
 * (ACCESS_LOG_SOURCES), asked with the caller's own token. For the pathway's
 * responsible municipality (counsellor or privacy officer); reading it is logged too.
 */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('api/v1/pathways')
@RequireRoles('counsellor', 'admin')
@UseInterceptors(DomainErrorsInterceptor)
export class AccessLogController {
  constructor(private readonly accessLog: ChainAccessLogQuery) {}

  @Get(':id/access-log')
  @ApiOperation({
    summary: 'Read the chain-wide access log of a pathway',
    description:
      'Answers the resident\'s "who looked at my file?" (AVG art. 15, NEN 7513): every recorded read of the pathway here and in every other service, which are asked with the caller\'s own token; a service that cannot be reached is named under `incomplete` and the answer is still 200. Counsellors and privacy officers (role `admin`) of the responsible municipality only; 404 for an unknown pathway or one of another municipality. This read is itself written to the access log (purpose from `x-ketenpad-purpose`, default `resident-request`).',
  })
  @ApiOkResponse({
    type: ChainAccessLogResponse,
    description:
      'Every recorded read of the pathway in the chain, with the service that recorded it. Purpose from `x-ketenpad-purpose` (default `resident-request`). ' +
      'A service that cannot be reached is named under `incomplete`; the answer is still 200.',
  })
  @ApiForbiddenResponse({ description: 'Not a counsellor or admin of a municipality.' })
  @ApiNotFoundResponse({ description: 'Unknown pathway, or one of another municipality.' })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Param('id', new ParseUUIDPipe()) pathwayId: string,
  ): Promise<ChainAccessLogView> {
    const authorization = request.headers['authorization'];
    // The guard let the request in on this header; without it there is nothing to pass on.
    if (typeof authorization !== 'string') throw new UnauthorizedException('bearer token required');
    return this.accessLog.read(
      { principal, purpose: purposeOf(request, ACCESS_LOG_PURPOSE) },
      municipalityOf(principal),
      pathwayId,
      { authorization },
    );
  }
}
