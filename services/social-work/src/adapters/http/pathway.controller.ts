import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { LocalDate } from '@ketenpad/calendar';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { Clock, pastInstant } from '@ketenpad/runtime';
import { CaseloadQueries, type CaseloadItemView, type CaseloadPathwayView } from '../../application/caseload.query';
import { referralView, type ReferralView } from '../../application/referral.query';
import { SocialWorkCommandHandler } from '../../application/social-work.command-handler';
import type { CaseloadPathway } from '../../domain/caseload/caseload-pathway';
import { SUPPORT_KINDS, type SupportKind } from '../../domain/social-work.codes';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { socialWorkOrganisationOf } from './social-work.principal';
import {
  CaseloadPathwayResponse,
  EndSupportDto,
  FirstContactDto,
  StartSupportDto,
  UrgentSituationDto,
  UrgentSituationResponse,
} from './social-work.dto';

const UUID = new ParseUUIDPipe();
/** Why a social worker reads the caseload unless the request states otherwise (`x-ketenpad-purpose`). */
const CASELOAD_PURPOSE = 'support';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/**
 * What a social worker records on a pathway of the organisation's caseload:
 * first contact, support and urgent situations. A pathway the organisation
 * does not know is 404, whoever else works on it.
 */
@ApiTags('pathways')
@ApiBearerAuth()
@Controller('api/v1/pathways')
@RequireRoles('social-worker')
@UseInterceptors(DomainErrorsInterceptor)
export class PathwayController {
  constructor(
    private readonly commands: SocialWorkCommandHandler,
    private readonly queries: CaseloadQueries,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the caseload',
    description:
      "The pathways in the caller's caseload (referral accepted, or referred onward on a new pathway), most recently taken on first, each with the support running now and the urgent situations flagged; only the organisation's own records. " +
      'Social-worker role only. Every pathway listed is recorded in the access log with the purpose from `x-ketenpad-purpose` (default `support`).',
  })
  @ApiOkResponse({ description: 'The caseload, most recently taken on first.' })
  async caseload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
  ): Promise<{ pathways: CaseloadItemView[] }> {
    return {
      pathways: await this.queries.list(
        principal,
        socialWorkOrganisationOf(principal),
        purposeOf(request, CASELOAD_PURPOSE),
      ),
    };
  }

  @Get(':pathwayId')
  @ApiOperation({
    summary: 'Get a pathway of the caseload',
    description:
      "One pathway of the caller's caseload: how and when it was taken on, the support running now, the urgent situations flagged and the organisation's own referrals on it (newest first). The chain's events of the pathway are the timeline service's. " +
      'Social-worker role only. Recorded in the access log with the purpose from `x-ketenpad-purpose` (default `support`). ' +
      "404 for a pathway not in the organisation's caseload (also when another organisation works on it: the same answer).",
  })
  @ApiOkResponse({ description: 'The pathway as the caseload holds it.' })
  @ApiNotFoundResponse({ description: "The pathway is not in the organisation's caseload." })
  async pathway(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('pathwayId', UUID) pathwayId: string,
  ): Promise<CaseloadPathwayView> {
    return this.queries.pathway(
      principal,
      socialWorkOrganisationOf(principal),
      pathwayId,
      purposeOf(request, CASELOAD_PURPOSE),
    );
  }

  @Post(':pathwayId/first-contact')
  @ApiOperation({
    summary: 'Record the first contact after a referral',
    description:
      "Records the first contact with the resident (DDAS contactsoort, now or at the stated `at`) for the accepted referral named in `referralId`, or else for the pathway's accepted referral still waiting for contact, and publishes `nl.ketenpad.social-work.first-contact-made.v1`; once per referral, and not before the referral was made. " +
      'Social-worker role only; answers with the referral. ' +
      '404 for a pathway the organisation does not know, or a named referral that is not one of its referrals on it (the same answer whoever else works on the pathway); 409 when no accepted referral waits for first contact.',
  })
  @ApiCreatedResponse({ description: 'First contact recorded (first-contact-made), once per accepted referral.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No accepted referral waits for first contact on this pathway.' })
  async firstContact(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Body() body: FirstContactDto,
  ): Promise<ReferralView> {
    const now = this.clock.now();
    const at = pastInstant(body.at, 'at', now);
    const outcome = await this.commands.recordFirstContact(socialWorkOrganisationOf(principal), pathwayId, {
      kind: body.kind,
      ...(at !== undefined ? { at } : {}),
      ...(body.referralId !== undefined ? { referralId: body.referralId } : {}),
    });
    return referralView(outcome.result, now);
  }

  @Post(':pathwayId/support')
  @ApiOperation({
    summary: 'Start support on a pathway',
    description:
      "Starts a kind of support on a pathway in the caller's caseload, now or at the stated `at`, and publishes `nl.ketenpad.social-work.support-started.v1`; answers with the support running afterwards. " +
      'Social-worker role only. ' +
      "404 for a pathway not in the organisation's caseload (also when another organisation works on it: the same answer); 409 when support of this kind already runs.",
  })
  @ApiCreatedResponse({ type: CaseloadPathwayResponse, description: 'Support started (support-started).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Support of this kind already runs on the pathway.' })
  async startSupport(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Body() body: StartSupportDto,
  ): Promise<CaseloadPathwayResponse> {
    const at = pastInstant(body.at, 'at', this.clock.now());
    const outcome = await this.commands.startSupport(socialWorkOrganisationOf(principal), pathwayId, body.kind, at);
    return caseloadView(outcome.result);
  }

  @Post(':pathwayId/support/:kind/end')
  @ApiOperation({
    summary: 'End support on a pathway',
    description:
      'Ends the running support of the kind in the path with an outcome (default `completed`), now or at the stated `at`, and publishes `nl.ketenpad.social-work.support-ended.v1`; answers with the support still running afterwards. ' +
      'Social-worker role only. ' +
      "400 for an unknown kind; 404 for a pathway not in the organisation's caseload (also when another organisation works on it: the same answer); 409 when no support of this kind runs.",
  })
  @ApiCreatedResponse({ type: CaseloadPathwayResponse, description: 'Support ended (support-ended).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No support of this kind runs on the pathway.' })
  async endSupport(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Param('kind') kind: string,
    @Body() body: EndSupportDto,
  ): Promise<CaseloadPathwayResponse> {
    if (!isSupportKind(kind))
      throw new BadRequestException(`kind must be one of the following values: ${SUPPORT_KINDS.join(', ')}`);
    const at = pastInstant(body.at, 'at', this.clock.now());
    const outcome = await this.commands.endSupport(
      socialWorkOrganisationOf(principal),
      pathwayId,
      kind,
      body.outcome ?? 'completed',
      at,
    );
    return caseloadView(outcome.result);
  }

  @Post(':pathwayId/urgent-situations')
  @ApiOperation({
    summary: 'Flag an urgent situation',
    description:
      "Flags a threat on a pathway in the caller's caseload (eviction, cut-off of energy, water or heat, end of health insurance, or another acute threat) with the date by which action is needed, and publishes `nl.ketenpad.social-work.urgent-situation-flagged.v1`, on which the responsible municipality shortens the Wgs deadline of a pending first conversation to 3 working days after the flag (when that is earlier). " +
      'Social-worker role only. ' +
      "400 when `dueBy` lies before today (Amsterdam calendar date); 404 for a pathway not in the organisation's caseload (also when another organisation works on it: the same answer).",
  })
  @ApiCreatedResponse({
    type: UrgentSituationResponse,
    description: 'Urgent situation flagged (urgent-situation-flagged); the municipality shortens its Wgs deadline.',
  })
  @ApiNotFoundResponse()
  async flagUrgentSituation(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Body() body: UrgentSituationDto,
  ): Promise<UrgentSituationResponse> {
    // Dutch legal dates are calendar dates in Amsterdam; "today" is taken there too.
    if (LocalDate.parse(body.dueBy).isBefore(LocalDate.fromInstant(this.clock.now())))
      throw new BadRequestException('dueBy cannot be in the past');
    const outcome = await this.commands.flagUrgentSituation(
      socialWorkOrganisationOf(principal),
      pathwayId,
      body.threat,
      body.dueBy,
    );
    return { pathwayId, threat: outcome.result.threat, dueBy: outcome.result.dueBy, flaggedAt: outcome.result.at };
  }
}

function isSupportKind(value: string): value is SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(value);
}

function caseloadView(pathway: CaseloadPathway): CaseloadPathwayResponse {
  return { pathwayId: pathway.pathwayId, activeSupport: [...pathway.activeSupport] };
}
