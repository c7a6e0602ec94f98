import { Controller, Get, Param, ParseUUIDPipe, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { CaseloadQuery } from '../../application/caseload.query';
import { TimelineQueries } from '../../application/timeline.queries';
import { CaseloadQueryDto, CaseloadResponse } from './caseload.dto';
import { PathwayNotVisibleInterceptor } from './pathway-not-visible.interceptor';
import { PathwaySummaryResponse, TimelineResponse } from './timeline.responses';

/** Purpose recorded for a read that states none (`x-ketenpad-purpose` header). */
const DEFAULT_PURPOSE = 'pathway-view';
/** Purpose recorded for a caseload read that states none. */
const CASELOAD_PURPOSE = 'caseload';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

@ApiTags('pathways')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token' })
@ApiNotFoundResponse({ description: 'Unknown pathway, or one the caller may not see' })
@Controller('api/v1/pathways')
@UseInterceptors(PathwayNotVisibleInterceptor)
export class TimelineController {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly caseload: CaseloadQuery,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the caseload',
    description:
      'The pathways the caller may see, with Wgs deadline and flags, filtered, sorted and paged on the server. ' +
      'A municipality sees its own pathways, a coordinator every pathway, any other organisation those the need-to-know policy lets it see. ' +
      'Pathways merged into another are not listed. Each pathway returned is recorded in the access log (resource `pathway-list`).',
  })
  @ApiOkResponse({ type: CaseloadResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: CaseloadQueryDto,
  ): Promise<CaseloadResponse> {
    return this.caseload.list(
      principal,
      {
        status: query.status ?? 'open',
        ...(query.municipality !== undefined ? { municipality: query.municipality } : {}),
        ...(query.phase !== undefined ? { phase: query.phase } : {}),
        ...(query.deadline !== undefined ? { deadline: query.deadline } : {}),
        ...(query.flag !== undefined ? { flag: query.flag } : {}),
        ...(query.owner !== undefined ? { owner: query.owner } : {}),
        includeMerged: query.includeMerged === 'true',
        sort: query.sort ?? 'deadline',
        order: query.order ?? 'asc',
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 25,
      },
      purposeOf(request, CASELOAD_PURPOSE),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get the current state of a pathway',
    description:
      "Returns the pathway's phase, legal status, open deadlines (first conversation, referral acceptance, end of moratorium), owner, participating organisations and flags, as far as the caller may see them: " +
      'the responsible municipality and coordinators see the whole pathway, any other organisation the summary of the events the need-to-know policy lets it read. ' +
      'Every served read is recorded in the access log (resource `summary`, purpose from `x-ketenpad-purpose`, default `pathway-view`); an unknown pathway and one the caller may not see both answer 404.',
  })
  @ApiOkResponse({ type: PathwaySummaryResponse })
  async pathway(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<PathwaySummaryResponse> {
    return this.queries.summary(principal, id, purposeOf(request, DEFAULT_PURPOSE));
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary: 'Get the chain-wide timeline of a pathway',
    description:
      "Every organisation's events of the pathway that the caller may read, in order, with a readable summary each. " +
      'Pseudonymous (no names, BSN or contact data). Every read is recorded in the access log with the purpose of the `x-ketenpad-purpose` header.',
  })
  @ApiOkResponse({ type: TimelineResponse })
  async timeline(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<TimelineResponse> {
    const { summary, entries } = await this.queries.timeline(principal, id, purposeOf(request, DEFAULT_PURPOSE));
    return { pathwayId: id, pathway: summary, events: entries };
  }
}
