import { Controller, Get, Param, ParseUUIDPipe, Req, UseInterceptors } from '@nestjs/common';
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
import { TimelineQueries } from '../../application/timeline.queries';
import { PathwayNotVisibleInterceptor } from './pathway-not-visible.interceptor';
import { PathwaySummaryResponse, TimelineResponse } from './timeline.responses';

/** Purpose recorded for a read that states none (`x-ketenpad-purpose` header). */
const DEFAULT_PURPOSE = 'pathway-view';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

@ApiTags('pathways')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token' })
@ApiNotFoundResponse({ description: 'Unknown pathway, or one the caller may not see' })
@Controller('api/v1/pathways')
@UseInterceptors(PathwayNotVisibleInterceptor)
export class TimelineController {
  constructor(private readonly queries: TimelineQueries) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Current state of a pathway: phase, legal status, open deadlines, owner and participating organisations',
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
    summary: "The chain-wide timeline of a pathway: every organisation's events in order, with a readable summary each",
    description:
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
