import { BadRequestException, Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { LocalDate } from '@ketenpad/calendar';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { Clock, pastInstant } from '@ketenpad/runtime';
import { referralView, type ReferralView } from '../../application/referral.query';
import { SocialWorkCommandHandler } from '../../application/social-work.command-handler';
import type { CaseloadPathway } from '../../domain/caseload/caseload-pathway';
import { SUPPORT_KINDS, type SupportKind } from '../../domain/social-work.codes';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { socialWorkOrganisationOf } from './social-work.principal';
import { CaseloadPathwayResponse, EndSupportDto, FirstContactDto, StartSupportDto, UrgentSituationDto, UrgentSituationResponse } from './social-work.dto';

const UUID = new ParseUUIDPipe();

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
    private readonly clock: Clock,
  ) {}

  @Post(':pathwayId/first-contact')
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
  @ApiCreatedResponse({ type: CaseloadPathwayResponse, description: 'Support ended (support-ended).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No support of this kind runs on the pathway.' })
  async endSupport(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Param('kind') kind: string,
    @Body() body: EndSupportDto,
  ): Promise<CaseloadPathwayResponse> {
    if (!isSupportKind(kind)) throw new BadRequestException(`kind must be one of the following values: ${SUPPORT_KINDS.join(', ')}`);
    const at = pastInstant(body.at, 'at', this.clock.now());
    const outcome = await this.commands.endSupport(socialWorkOrganisationOf(principal), pathwayId, kind, body.outcome ?? 'completed', at);
    return caseloadView(outcome.result);
  }

  @Post(':pathwayId/urgent-situations')
  @ApiCreatedResponse({ type: UrgentSituationResponse, description: 'Urgent situation flagged (urgent-situation-flagged); the municipality shortens its Wgs deadline.' })
  @ApiNotFoundResponse()
  async flagUrgentSituation(
    @CurrentPrincipal() principal: Principal,
    @Param('pathwayId', UUID) pathwayId: string,
    @Body() body: UrgentSituationDto,
  ): Promise<UrgentSituationResponse> {
    // Dutch legal dates are calendar dates in Amsterdam; "today" is taken there too.
    if (LocalDate.parse(body.dueBy).isBefore(LocalDate.fromInstant(this.clock.now()))) throw new BadRequestException('dueBy cannot be in the past');
    const outcome = await this.commands.flagUrgentSituation(socialWorkOrganisationOf(principal), pathwayId, body.threat, body.dueBy);
    return { pathwayId, threat: outcome.result.threat, dueBy: outcome.result.dueBy, flaggedAt: outcome.result.at };
  }
}

function isSupportKind(value: string): value is SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(value);
}

function caseloadView(pathway: CaseloadPathway): CaseloadPathwayResponse {
  return { pathwayId: pathway.pathwayId, activeSupport: [...pathway.activeSupport] };
}
