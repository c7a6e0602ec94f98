import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
  @ApiOperation({
    summary: 'Take up a closed court case again',
    description:
      "Reopens the caller's court case for a pathway referred to its organisation that closed when every referral was declined; a referral addressed to the organisation opens its case by itself, so this only serves to take a pathway up again, and nothing is published. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 for a pathway never referred to the organisation, or an unknown one (the same answer, nothing written); 409 when the case is already open.',
  })
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

  @Get('cases')
  @ApiOperation({
    summary: "List the court liaison's court cases",
    description:
      "Lists the caller's court cases, open and closed, each as `GET /pathways/{id}` answers it (its referrals and the state of every procedure): cases with a referral still to answer first, then the most recently changed. " +
      'Only cases of pathways referred to the organisation; nothing of any other pathway. ' +
      'Court-liaison role only; every pathway listed is recorded in the access log (resource `court-case`, purpose from `x-ketenpad-purpose`, default `court-procedure`).',
  })
  @ApiOkResponse({
    description:
      "The caller's court cases, those with a referral to answer first; every pathway listed is recorded in the access log (purpose from `x-ketenpad-purpose`, default `court-procedure`).",
  })
  async listCases(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
  ): Promise<{ cases: CourtCaseView[] }> {
    return {
      cases: await this.queries.list(principal, courtLiaisonOf(principal), purposeOf(request, CASE_PURPOSE)),
    };
  }

  @Get('pathways/:id')
  @ApiOperation({
    summary: 'Get the court case of a pathway',
    description:
      "Returns the caller's court case for the pathway: its referrals and the state of moratorium, voorlopige voorziening, dwangakkoord, Wsnp, beschermingsbewind and hearings. " +
      'Court-liaison role only; every served read is recorded in the access log (resource `court-case`, purpose from `x-ketenpad-purpose`, default `court-procedure`). ' +
      '404 when the organisation has no court case for the pathway, whether the pathway is unknown or was never referred to it (the same answer).',
  })
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
  @ApiOperation({
    summary: 'Record a moratorium request',
    description:
      'Records that a moratorium (afkoelingsperiode) was requested on the given legal basis (art. 287b Fw or art. 5 Wgs) and publishes `nl.ketenpad.court-liaison.moratorium-requested.v1`; after a rejection or an end a new request may follow. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when a request is pending, a moratorium is in force, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Grant the requested moratorium',
    description:
      'Grants the pending moratorium request from `startsAt` to `endsAt` (its last day: after the start and at most 6 months after it) and publishes `nl.ketenpad.court-liaison.moratorium-granted.v1`; `nl.ketenpad.court-liaison.moratorium-ended.v1` follows by itself on the day after `endsAt` (Amsterdam calendar date). ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '400 for a term that does not fit; 404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when no request is pending or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Reject the moratorium request',
    description:
      'Rejects the pending moratorium request and publishes `nl.ketenpad.court-liaison.moratorium-rejected.v1`; a new request may follow. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when no request is pending (also when the moratorium was already granted) or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Grant a voorlopige voorziening',
    description:
      'Records a provisional measure (voorlopige voorziening) granted now and in force until `endsAt`, and publishes `nl.ketenpad.court-liaison.provisional-measure-granted.v1`. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '400 when `endsAt` lies before the day of the ruling (Amsterdam calendar date); 404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Record a dwangakkoord request',
    description:
      'Records the request for a forced settlement (dwangakkoord, art. 287a Fw) and publishes `nl.ketenpad.court-liaison.forced-settlement-requested.v1`; once per case. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when it was already requested or decided, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Decide on the dwangakkoord',
    description:
      "Records the court's decision on the requested forced settlement (dwangakkoord): `granted` forces the refusing creditors to agree, `rejected` does not; publishes `nl.ketenpad.court-liaison.forced-settlement-decided.v1`. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when it was not requested, was already decided, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'File a Wsnp petition',
    description:
      'Records a petition for the statutory debt scheme (Wsnp) and publishes `nl.ketenpad.court-liaison.wsnp-petition-filed.v1`; after a rejection a new petition may be filed. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when a petition is pending, the resident is already admitted, the Wsnp has ended, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Admit the resident to the Wsnp',
    description:
      'Records the admission to the Wsnp on the pending petition with its term in months (1 to 42; 18 since 1 July 2023) and publishes `nl.ketenpad.court-liaison.wsnp-admitted.v1`. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when no petition is pending (also when already admitted or ended) or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Reject the Wsnp petition',
    description:
      'Records the rejection of the pending Wsnp petition and publishes `nl.ketenpad.court-liaison.wsnp-rejected.v1`; a new petition may follow. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when no petition is pending or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'End the Wsnp',
    description:
      "Records the end of the resident's Wsnp, with whether the court granted the clean slate (schone lei), and publishes `nl.ketenpad.court-liaison.wsnp-ended.v1`. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when the resident was not admitted, the Wsnp already ended, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Record a beschermingsbewind request',
    description:
      'Records a request for protective administration (beschermingsbewind) by the subdistrict court and publishes `nl.ketenpad.court-liaison.protective-administration-requested.v1`; after a lift it may be requested again. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when it is already requested or in force, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Order beschermingsbewind',
    description:
      'Records that the requested protective administration (beschermingsbewind) was ordered and publishes `nl.ketenpad.court-liaison.protective-administration-ordered.v1`. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when it was not requested, is already in force, or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Lift beschermingsbewind',
    description:
      'Records that the protective administration (beschermingsbewind) in force was lifted and publishes `nl.ketenpad.court-liaison.protective-administration-lifted.v1`. ' +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when none is in force or the case is closed.',
  })
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
  @ApiOperation({
    summary: 'Schedule a hearing',
    description:
      "Schedules a court hearing at the given moment for one of the case's procedures (moratorium, voorlopige voorziening, dwangakkoord, Wsnp or beschermingsbewind) and publishes `nl.ketenpad.court-liaison.hearing-scheduled.v1`. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 when the organisation has no court case for the pathway (also for an unknown pathway: the same answer, nothing written); 409 when the case is closed.',
  })
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
