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
      'evaluated at `asOf` (default now), with a deadline within `approachingWorkingDays` working days (default 3) counting as approaching; and per ISO week the share of first conversations held on time. ' +
      'The period filters the list by arrival date and the weekly figures by the date held. ' +
      'Coordinator role only; every pathway listed is recorded in the access log (purpose from `x-ketenpad-purpose`, default `ketenregie`).',
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
      'For each pair of organisations: referral -> accepted -> first contact, with count, median, 90th percentile and mean in hours; and the referrals still waiting, oldest first ' +
      '(working days on the Atw calendar since the day of the referral, up to `asOf` (default now), over the TIMELINE_REFERRAL_WAITING_WORKING_DAYS threshold or not). The period applies to the referral date. ' +
      'Coordinator role only; every pathway listed is recorded in the access log (purpose from `x-ketenpad-purpose`, default `ketenregie`).',
  })
  @ApiOkResponse({ type: HandOffsResponse })
  handOffs(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: BottleneckQueryDto) {
    return this.queries.handOffs(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('phase-durations')
  @ApiOperation({
    summary: 'Phase durations',
    description:
      'Days spent in each DDAS phase (count, median, p90, mean of completed stays; stays still running counted as ongoing), with the NVVK norms: ' +
      'settlement preparation (request -> first settlement phase, oplossing or aflossing) 120 days, on average 11 days from request to a first appointment (first conversation held). ' +
      'The period applies to the date a phase was entered, for the two norms to the arrival date. ' +
      'Coordinator role only; aggregates only: no pathway is named, so nothing is access-logged.',
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
      'Open pathways without any event for `days` days (default TIMELINE_STALLED_DAYS) before `asOf` (default now), counted by phase and owner and listed longest quiet first. ' +
      'The period applies to the arrival date. ' +
      'Coordinator role only; every pathway listed is recorded in the access log (purpose from `x-ketenpad-purpose`, default `ketenregie`).',
  })
  @ApiOkResponse({ type: StalledResponse })
  stalled(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: StalledQueryDto) {
    return this.queries.stalled(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('pillar-to-post')
  @ApiOperation({
    summary: 'Pillar to post ("van het kastje naar de muur")',
    description:
      'Pathways ranked by the pillar-to-post index, highest first, from `minIndex` (default 4) up: index = 1 × hand-offs (referrals made) + 2 × declined referrals + 3 × bounces ' +
      '(a referral sending the case back to an organisation that referred it on before, A -> B then B -> A, or again to one that declined it before, A -> B declined then A -> B or C -> B). ' +
      'One accepted referral scores 1; the period applies to the arrival date. ' +
      'Coordinator role only; every pathway listed is recorded in the access log (purpose from `x-ketenpad-purpose`, default `ketenregie`).',
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
      'Pathways closed in the period (merges excluded) per phase and DDAS uitstroom reason, and the share of them closed before a settlement started. ' +
      'Compare the published reference (about 40 % of those who register drop out before a settlement starts) with the cohort that registered in the period, a lower bound while its pathways are still open. ' +
      'Coordinator role only; aggregates only: no pathway is named, so nothing is access-logged.',
  })
  @ApiOkResponse({ type: OutcomesResponse })
  outcomes(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Query() query: BottleneckQueryDto) {
    return this.queries.outcomes(principal, purposeOf(request, KETENREGIE), checked(query));
  }

  @Get('flow')
  @ApiOperation({
    summary: 'Flow',
    description:
      'Per ISO week of the period (by default the 12 weeks ending with the week of `to`, which defaults to the day of `asOf`, i.e. today): arrivals, closures and the work in progress per phase at the end of the week. ' +
      'Coordinator role only; aggregates only: no pathway is named, so nothing is access-logged.',
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
