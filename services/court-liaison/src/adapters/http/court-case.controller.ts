import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { CourtCaseCommandHandler, type ExistingCaseCommand } from '../../application/court-case.command-handler';
import { CourtCaseQueries, type CourtCaseView } from '../../application/court-case.query';
import type { CourtCaseState } from '../../domain/court-case/court-case.state';
import { courtLiaisonOf } from './court-liaison.principal';
import {
  ForcedSettlementDecisionDto,
  HearingDto,
  MoratoriumGrantDto,
  MoratoriumRequestDto,
  OpenCaseDto,
  ProvisionalMeasureDto,
  WsnpAdmissionDto,
  WsnpEndDto,
} from './court-case.dto';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

const UUID = new ParseUUIDPipe();
/** The one 404 of a pathway: the same whether the pathway is unknown or merely not referred to the caller. */
const NO_CASE = {
  description:
    "No court case of the caller's organisation for this pathway: no referral to it reached the organisation, " +
    "or the pathway does not exist (also another municipality's or court's). The same answer either way; nothing is written.",
} as const;
/** Why the court liaison reads its case unless the request states otherwise (`x-ketenpad-purpose`). */
const CASE_PURPOSE = 'court-procedure';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/**
 * The court liaison's API for its court cases. A court liaison acts only on a
 * pathway referred to its organisation: the municipality's referral opens the
 * case (EVENTS.md flows 3 and 4: the municipality asks the court *through* the
 * court liaison). A case belongs to one court liaison organisation; another
 * organisation, and any pathway not referred to the caller, gets 404 and
 * nothing is written. Court steps need the case open (a referral received,
 * accepted or not yet answered), not an accepted referral. Every command
 * answers with the case as it is afterwards; an impossible transition is 409
 * and changes nothing.
 */
@ApiTags('court cases')
@ApiBearerAuth()
@Controller('api/v1')
@RequireRoles('court-liaison')
@UseInterceptors(DomainErrorsInterceptor)
export class CourtCaseController {
  constructor(
    private readonly commands: CourtCaseCommandHandler,
    private readonly queries: CourtCaseQueries,
    private readonly clock: Clock,
  ) {}

  @Post('cases')
  @ApiCreatedResponse({
    description:
      "The caller's court case for a pathway referred to it, closed when every referral was declined, taken up again. " +
      "A referral addressed to the caller's organisation opens its case by itself; this does not replace it.",
  })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'A court case is already open for this pathway.' })
  async openCase(@CurrentPrincipal() principal: Principal, @Body() body: OpenCaseDto): Promise<CourtCaseState> {
    return (await this.commands.openCase(courtLiaisonOf(principal), body.pathwayId)).state;
  }

  @Get('pathways/:id')
  @ApiOkResponse({
    description:
      "The caller's court case for the pathway; recorded in the access log (purpose from `x-ketenpad-purpose`, default `court-procedure`).",
  })
  @ApiNotFoundResponse(NO_CASE)
  async getCase(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseView> {
    return this.queries.get(principal, courtLiaisonOf(principal), id, purposeOf(request, CASE_PURPOSE));
  }

  @Post('pathways/:id/moratorium/request')
  @ApiCreatedResponse({ description: 'Moratorium requested (moratorium-requested).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'A request is pending or a moratorium is in force.' })
  async requestMoratorium(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MoratoriumRequestDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'request-moratorium', basis: body.basis, at: this.clock.now() });
  }

  @Post('pathways/:id/moratorium/grant')
  @ApiCreatedResponse({
    description: 'Moratorium granted (moratorium-granted); moratorium-ended follows when endsAt has passed.',
  })
  @ApiBadRequestResponse({ description: 'endsAt not after startsAt, or more than 6 months after it.' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'No pending request.' })
  async grantMoratorium(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MoratoriumGrantDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, {
      type: 'grant-moratorium',
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      at: this.clock.now(),
    });
  }

  @Post('pathways/:id/moratorium/reject')
  @ApiCreatedResponse({ description: 'Moratorium rejected (moratorium-rejected).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'No pending request.' })
  async rejectMoratorium(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'reject-moratorium', at: this.clock.now() });
  }

  @Post('pathways/:id/provisional-measure')
  @ApiCreatedResponse({ description: 'Provisional measure granted (provisional-measure-granted).' })
  @ApiBadRequestResponse({ description: 'endsAt before the day of the ruling.' })
  @ApiNotFoundResponse(NO_CASE)
  async grantProvisionalMeasure(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ProvisionalMeasureDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'grant-provisional-measure', endsAt: body.endsAt, at: this.clock.now() });
  }

  @Post('pathways/:id/forced-settlement/request')
  @ApiCreatedResponse({ description: 'Forced settlement requested (forced-settlement-requested).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Already requested or decided.' })
  async requestForcedSettlement(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'request-forced-settlement', at: this.clock.now() });
  }

  @Post('pathways/:id/forced-settlement/decision')
  @ApiCreatedResponse({ description: 'Forced settlement decided (forced-settlement-decided).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Not requested, or already decided.' })
  async decideForcedSettlement(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ForcedSettlementDecisionDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'decide-forced-settlement', outcome: body.outcome, at: this.clock.now() });
  }

  @Post('pathways/:id/wsnp/petition')
  @ApiCreatedResponse({ description: 'Wsnp petition filed (wsnp-petition-filed).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse()
  async fileWsnpPetition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'file-wsnp-petition', at: this.clock.now() });
  }

  @Post('pathways/:id/wsnp/admission')
  @ApiCreatedResponse({ description: 'Admitted to the Wsnp (wsnp-admitted).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Wsnp admitted before a petition, or already admitted.' })
  async admitToWsnp(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: WsnpAdmissionDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'admit-to-wsnp', termMonths: body.termMonths, at: this.clock.now() });
  }

  @Post('pathways/:id/wsnp/rejection')
  @ApiCreatedResponse({ description: 'Wsnp petition rejected (wsnp-rejected).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'No pending petition.' })
  async rejectWsnpPetition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'reject-wsnp-petition', at: this.clock.now() });
  }

  @Post('pathways/:id/wsnp/end')
  @ApiCreatedResponse({ description: 'Wsnp ended (wsnp-ended).' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Not admitted.' })
  async endWsnp(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: WsnpEndDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'end-wsnp', cleanSlate: body.cleanSlate, at: this.clock.now() });
  }

  @Post('pathways/:id/protective-administration/request')
  @ApiCreatedResponse({ description: 'Protective administration requested.' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse()
  async requestProtectiveAdministration(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'request-protective-administration', at: this.clock.now() });
  }

  @Post('pathways/:id/protective-administration/order')
  @ApiCreatedResponse({ description: 'Protective administration ordered.' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Not requested.' })
  async orderProtectiveAdministration(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'order-protective-administration', at: this.clock.now() });
  }

  @Post('pathways/:id/protective-administration/lift')
  @ApiCreatedResponse({ description: 'Protective administration lifted.' })
  @ApiNotFoundResponse(NO_CASE)
  @ApiConflictResponse({ description: 'Not in force.' })
  async liftProtectiveAdministration(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, { type: 'lift-protective-administration', at: this.clock.now() });
  }

  @Post('pathways/:id/hearings')
  @ApiCreatedResponse({ description: 'Hearing scheduled (hearing-scheduled).' })
  @ApiNotFoundResponse(NO_CASE)
  async scheduleHearing(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: HearingDto,
  ): Promise<CourtCaseState> {
    return this.run(principal, id, {
      type: 'schedule-hearing',
      hearingAt: new Date(body.at),
      instrument: body.instrument,
      at: this.clock.now(),
    });
  }

  private async run(principal: Principal, pathwayId: string, command: ExistingCaseCommand): Promise<CourtCaseState> {
    return (await this.commands.execute(courtLiaisonOf(principal), pathwayId, command)).state;
  }
}
