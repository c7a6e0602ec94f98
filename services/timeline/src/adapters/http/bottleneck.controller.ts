import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { RequestValidationException } from '@ketenpad/runtime';
import { BottleneckQueries } from '../../application/bottleneck.queries';
import { BottleneckQueryDto, PillarToPostQueryDto, StalledQueryDto, WgsDeadlineQueryDto } from './bottleneck.dto';
import {
  FlowResponse,
  HandOffsResponse,
  OutcomesResponse,
  PhaseDurationsResponse,
  PillarToPostResponse,
  StalledResponse,
  WgsDeadlinesResponse,
} from './bottleneck.responses';

/** Default purpose of a coordinator's read (NEN 7513 "reden van toegang"). */
const KETENREGIE = 'ketenregie';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/**
 * Bottleneck analytics for chain coordinators (ketenregisseurs). Every
 * answer names pathways by their pseudonymous id only; every pathway named is
 * recorded in the access log with the stated purpose (`x-ketenpad-purpose`).
 */
@ApiTags('bottlenecks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token' })
@ApiForbiddenResponse({ description: 'Only the coordinator role may read the analytics' })
@ApiBadRequestResponse({ description: 'Invalid filter, with a message per field' })
@RequireRoles('coordinator')
@Controller('api/v1/bottlenecks')
export class BottleneckController {
  constructor(private readonly queries: BottleneckQueries) {}

  @Get('wgs-deadlines')
  @ApiOperation({
    summary: 'Wgs deadline compliance',
    description:
      'Open pathways approaching or past their first-conversation deadline (4 weeks, or 3 working days in crisis; Atw calendar with Dutch public holidays), ' +
      'and per ISO week the share of first conversations held on time. The period filters the list by arrival date and the weekly figures by the date held.',
  })
  @ApiOkResponse({ type: WgsDeadlinesResponse })
  wgsDeadlines(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: WgsDeadlineQueryDto,
  ) {
    return this.queries.wgsDeadlines(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('hand-offs')
  @ApiOperation({
    summary: 'Hand-off waiting times',
    description:
      'For each pair of organisations: referral -> accepted -> first contact, with count, median, 90th percentile and mean in hours; and the referrals still waiting ' +
      '(working days on the Atw calendar, over the TIMELINE_REFERRAL_WAITING_WORKING_DAYS threshold or not). The period applies to the referral date.',
  })
  @ApiOkResponse({ type: HandOffsResponse })
  handOffs(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: BottleneckQueryDto) {
    return this.queries.handOffs(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('phase-durations')
  @ApiOperation({
    summary: 'Phase durations',
    description:
      'Days spent in each DDAS phase (count, median, p90, mean of completed stays), with the NVVK norms: settlement preparation (request -> oplossing) 120 days, ' +
      'on average 11 days to a first appointment.',
  })
  @ApiOkResponse({ type: PhaseDurationsResponse })
  phaseDurations(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: BottleneckQueryDto,
  ) {
    return this.queries.phaseDurations(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('stalled')
  @ApiOperation({
    summary: 'Stalled pathways',
    description:
      'Open pathways without any event for `days` days (default TIMELINE_STALLED_DAYS), counted by phase and owner.',
  })
  @ApiOkResponse({ type: StalledResponse })
  stalled(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: StalledQueryDto) {
    return this.queries.stalled(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('pillar-to-post')
  @ApiOperation({
    summary: 'Pillar to post ("van het kastje naar de muur")',
    description:
      'Pathways ranked by the pillar-to-post index: index = 1 × hand-offs (referrals made) + 2 × declined referrals + 3 × bounces ' +
      '(a referral sending the case back to an organisation that referred it on before, A -> B then B -> A). One accepted referral scores 1.',
  })
  @ApiOkResponse({ type: PillarToPostResponse })
  pillarToPost(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: PillarToPostQueryDto,
  ) {
    return this.queries.pillarToPost(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('outcomes')
  @ApiOperation({
    summary: 'Drop-out and outcomes',
    description:
      'Pathways closed in the period per phase and DDAS uitstroom reason; the share closed before a settlement started, against the published reference of about 40 %.',
  })
  @ApiOkResponse({ type: OutcomesResponse })
  outcomes(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: BottleneckQueryDto) {
    return this.queries.outcomes(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('flow')
  @ApiOperation({
    summary: 'Flow',
    description:
      'Per ISO week of the period (default: the last 12 weeks): arrivals, closures and the work in progress per phase at the end of the week.',
  })
  @ApiOkResponse({ type: FlowResponse })
  flow(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: BottleneckQueryDto) {
    return this.queries.flow(principal, purposeOf(request, KETENREGIE), checked(query));
  }
}

/** Cross-field rule the decorators cannot express: the period must not run backwards. */
function checked<T extends BottleneckQueryDto>(query: T): T {
  if (query.from && query.to && query.to < query.from)
    throw new RequestValidationException([{ field: 'to', messages: ['to must not be before from'] }]);
  return query;
}
