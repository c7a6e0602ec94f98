import { BadRequestException, Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { Clock, pastInstant } from '@ketenpad/runtime';
import { PathwayCommandHandler } from '../../application/pathway.command-handler';
import { DEFAULT_SETTLEMENT_TERM_MONTHS, GUIDANCE_KINDS, type GuidanceKind } from '../../domain/pathway/pathway.codes';
import type { TrajectoryCommand } from '../../domain/pathway/pathway.commands';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { commandAnswer, municipalityOf } from './pathway.controller';
import { PathwayCommandResponse } from './pathway.dto';
import {
  ContactAttemptDto,
  CreditorResponseDto,
  CrisisInterventionDto,
  CrisisInterventionEndDto,
  DebtsDto,
  GuidanceDto,
  MomentDto,
  PlanOfActionDto,
  SettlementProposalDto,
} from './trajectory.dto';

const UUID = new ParseUUIDPipe();

/**
 * The counsellor records the trajectory of a pathway of their own
 * municipality (404 otherwise): outreach, the offer of help, crisis
 * interventions, plan, stabilisation, guidance, debts, settlement, repayment
 * and aftercare. Every route answers 201 with what it changed
 * (PathwayCommandResponse: the facts recorded, the phase and status they
 * left; no pathway state, so no read to log), or 409 with the domain's reason and nothing recorded or published. Which steps move the
 * phase: domain/pathway/phase-transition.rule.ts.
 */
@ApiTags('trajectory')
@ApiBearerAuth()
@Controller('api/v1/pathways/:id')
@RequireRoles('counsellor')
@UseInterceptors(DomainErrorsInterceptor)
@ApiParam({ name: 'id', format: 'uuid' })
@ApiNotFoundResponse({ description: 'No such pathway in the caller’s municipality.' })
export class TrajectoryController {
  constructor(
    private readonly commands: PathwayCommandHandler,
    private readonly clock: Clock,
  ) {}

  @Post('contact-attempts')
  @ApiOperation({
    summary: 'Record a contact attempt',
    description:
      'Records an outreach attempt (DDAS contactpoging) and whether the resident was reached, also before the first conversation and on a pathway with only early signals; emits `nl.ketenpad.municipality.contact-attempted.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 on a closed pathway.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'contact-attempted; also before the first conversation and on a signalled pathway.',
  })
  async attemptContact(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ContactAttemptDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'attempt-contact', kind: body.kind, reached: body.reached, at: this.at(body) });
  }

  @Post('help-offer/acceptance')
  @ApiOperation({
    summary: 'Record that the resident accepted the offer of help',
    description:
      "Records the resident's acceptance of the offer of help that follows an early signal; collection is paused until the acceptance day + 30 days (`collectionPausedUntil`). Emits `nl.ketenpad.municipality.help-offer-accepted.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the pathway has no early signal, the offer was already answered, or the pathway is closed.",
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'help-offer-accepted; collection paused until the acceptance day + 30 days.',
  })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async acceptHelpOffer(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'accepted', at: this.at(body) });
  }

  @Post('help-offer/decline')
  @ApiOperation({
    summary: 'Record that the resident declined the offer of help',
    description:
      'Records that the resident declined the offer of help that follows an early signal; the offer is answered once. Emits `nl.ketenpad.municipality.help-offer-declined.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the pathway has no early signal, the offer was already answered, or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'help-offer-declined.' })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async declineHelpOffer(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'declined', at: this.at(body) });
  }

  @Post('crisis-interventions')
  @ApiOperation({
    summary: 'Start a crisis intervention',
    description:
      'Records the start of a crisis intervention against a threat (e.g. eviction, cut-off of energy), one running intervention per threat, also on a pathway with only early signals; moves no phase. Emits `nl.ketenpad.municipality.crisis-intervention-started.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when an intervention for this threat already runs or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'crisis-intervention-started.' })
  @ApiConflictResponse({ description: 'An intervention for this threat already runs.' })
  async startCrisisIntervention(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: CrisisInterventionDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-crisis-intervention', threat: body.threat, at: this.at(body) });
  }

  @Post('crisis-interventions/end')
  @ApiOperation({
    summary: 'End a crisis intervention',
    description:
      'Records the end of a running crisis intervention; the threat may be left out when exactly one runs. Emits `nl.ketenpad.municipality.crisis-intervention-ended.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when no such intervention runs, several run and no threat was named, the end lies before its start, or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'crisis-intervention-ended.' })
  @ApiConflictResponse({ description: 'No (such) intervention runs, or several run and no threat was named.' })
  async endCrisisIntervention(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: CrisisInterventionEndDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, {
      type: 'end-crisis-intervention',
      ...(body.threat !== undefined ? { threat: body.threat } : {}),
      at: this.at(body),
    });
  }

  @Post('plan-of-action')
  @ApiOperation({
    summary: 'Set or revise the plan van aanpak',
    description:
      'Records the plan van aanpak with the kinds of support it deploys, from the toelatingsbeschikking on and again when it is revised; moves no phase. Emits `nl.ketenpad.municipality.plan-of-action-set.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 before the toelatingsbeschikking or on a closed pathway.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'plan-of-action-set (set or revised); moves no phase.',
  })
  @ApiConflictResponse({ description: 'No toelatingsbeschikking yet.' })
  async setPlanOfAction(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: PlanOfActionDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'set-plan-of-action', supportTypes: body.supportTypes, at: this.at(body) });
  }

  @Post('stabilisation/start')
  @ApiOperation({
    summary: 'Start stabilisation',
    description:
      'Starts stabilisation from the plan van aanpak, moving the pathway to stabilisatie (or records it in stabilisatie after a manual move). Emits `nl.ketenpad.municipality.stabilisation-started.v1`, plus `nl.ketenpad.municipality.phase-changed.v1` when the phase moves. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when stabilisation already started, the pathway is in another phase, the moment lies before the current phase began, or the pathway is closed.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'stabilisation-started, plus phase-changed to stabilisatie from plan-van-aanpak.',
  })
  @ApiConflictResponse()
  async startStabilisation(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-stabilisation', at: this.at(body) });
  }

  @Post('stabilisation/reached')
  @ApiOperation({
    summary: 'Record that stabilisation was reached',
    description:
      'Records that stabilisation was reached; moves no phase. Emits `nl.ketenpad.municipality.stabilisation-reached.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when stabilisation has not started or was already reached, the moment lies before its start, or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'stabilisation-reached.' })
  @ApiConflictResponse()
  async reachStabilisation(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'reach-stabilisation', at: this.at(body) });
  }

  @Post('guidance')
  @ApiOperation({
    summary: 'Start guidance (begeleiding)',
    description:
      'Starts a kind of guidance (DDAS begeleidingssoort), which runs beside the phases on a pathway with a help request, one running guidance per kind. Emits `nl.ketenpad.municipality.guidance-started.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when this kind of guidance already runs, the pathway has no help request yet, or it is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'guidance-started.' })
  @ApiConflictResponse({ description: 'This kind of guidance already runs.' })
  async startGuidance(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: GuidanceDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-guidance', kind: body.kind, at: this.at(body) });
  }

  @Post('guidance/:kind/end')
  @ApiOperation({
    summary: 'End guidance (begeleiding)',
    description:
      'Ends the running guidance of the kind named in the path (URL-encoded DDAS begeleidingssoort; 400 for an unknown kind). Emits `nl.ketenpad.municipality.guidance-ended.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when this kind of guidance is not running, the end lies before its start, or the pathway is closed.',
  })
  @ApiParam({ name: 'kind', enum: GUIDANCE_KINDS, description: 'DDAS begeleidingssoort, URL-encoded.' })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'guidance-ended.' })
  @ApiConflictResponse({ description: 'This kind of guidance is not running.' })
  async endGuidance(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Param('kind') kind: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    if (!(GUIDANCE_KINDS as readonly string[]).includes(kind)) {
      throw new BadRequestException(`kind must be one of the following values: ${GUIDANCE_KINDS.join(', ')}`);
    }
    return this.run(p, id, { type: 'end-guidance', kind: kind as GuidanceKind, at: this.at(body) });
  }

  @Post('debts')
  @ApiOperation({
    summary: 'Record the debt inventory (saldo-inventarisatie)',
    description:
      'Records the saldo-inventarisatie (number of creditors, total debt, DDAS schuldensoorten), from the intake on and again when it changes; moves no phase. Emits `nl.ketenpad.municipality.debts-inventoried.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 before the intake, while a settlement based on the inventory is pending or granted, for debts without creditors (or the reverse), or on a closed pathway.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'debts-inventoried (saldo-inventarisatie).' })
  @ApiConflictResponse({
    description: 'Before the intake, or while a settlement based on the inventory is pending or granted.',
  })
  async inventoryDebts(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: DebtsDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, {
      type: 'inventory-debts',
      creditorCount: body.creditorCount,
      totalDebtCents: body.totalDebtCents,
      debtTypes: body.debtTypes,
      at: this.at(body),
    });
  }

  @Post('settlement-proposals')
  @ApiOperation({
    summary: 'Propose a settlement to the creditors',
    description:
      'Records a settlement proposal (DDAS oplossingssoort, VTLB, term default 18 months) from the plan van aanpak, stabilisatie or oplossing, moving the pathway to oplossing when it is not there yet. Emits `nl.ketenpad.municipality.settlement-proposed.v1`, plus `nl.ketenpad.municipality.phase-changed.v1` when the phase moves. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 without an inventory with debts, while a proposal is pending, after a settlement was granted, in another phase, or on a closed pathway.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'settlement-proposed, plus phase-changed to oplossing when not there yet.',
  })
  @ApiConflictResponse({
    description: 'No debts inventoried, a proposal is pending, a settlement was granted, or wrong phase.',
  })
  async proposeSettlement(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: SettlementProposalDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, {
      type: 'propose-settlement',
      solutionKind: body.solutionKind,
      vtlbCents: body.vtlbCents,
      termMonths: body.termMonths ?? DEFAULT_SETTLEMENT_TERM_MONTHS,
      at: this.at(body),
    });
  }

  @Post('creditor-responses')
  @ApiOperation({
    summary: "Record a creditor's response to the proposal",
    description:
      "Records one creditor's answer to the pending settlement proposal, at most one per inventoried creditor; moves no phase. Emits `nl.ketenpad.municipality.creditor-responded.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when no proposal is pending, every inventoried creditor already responded, or the pathway is closed.",
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'creditor-responded.' })
  @ApiConflictResponse({ description: 'No proposal pending, or every inventoried creditor already responded.' })
  async recordCreditorResponse(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: CreditorResponseDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'record-creditor-response', response: body.response, at: this.at(body) });
  }

  @Post('settlement/grant')
  @ApiOperation({
    summary: 'Record that the settlement was granted',
    description:
      'Records that the pending settlement proposal was granted, also despite refusing creditors (the court can impose it: dwangakkoord); the pathway stays in oplossing until repayment or aftercare starts. Emits `nl.ketenpad.municipality.settlement-granted.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when no proposal is pending (none, or already decided) or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-granted.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async grantSettlement(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'granted', at: this.at(body) });
  }

  @Post('settlement/reject')
  @ApiOperation({
    summary: 'Record that the settlement was rejected',
    description:
      'Records that the pending settlement proposal was rejected; the pathway stays in oplossing, where a new proposal or closure may follow. Emits `nl.ketenpad.municipality.settlement-rejected.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when no proposal is pending (none, or already decided) or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-rejected.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async rejectSettlement(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'rejected', at: this.at(body) });
  }

  @Post('settlement/withdraw')
  @ApiOperation({
    summary: 'Withdraw the settlement proposal',
    description:
      'Records that the pending settlement proposal was withdrawn; the pathway stays in oplossing, where a new proposal or closure may follow. Emits `nl.ketenpad.municipality.settlement-withdrawn.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when no proposal is pending (none, or already decided) or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-withdrawn.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async withdrawSettlement(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'withdrawn', at: this.at(body) });
  }

  @Post('repayment/start')
  @ApiOperation({
    summary: 'Start the repayment period',
    description:
      'Starts repayment under the granted settlement, moving the pathway from oplossing to aflossing. Emits `nl.ketenpad.municipality.repayment-started.v1` and `nl.ketenpad.municipality.phase-changed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 without a granted settlement, when repayment already started, outside the oplossing, for a moment before the grant, or on a closed pathway.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'repayment-started, plus phase-changed to aflossing.',
  })
  @ApiConflictResponse({ description: 'No granted settlement, or repayment already started.' })
  async startRepayment(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-repayment', at: this.at(body) });
  }

  @Post('repayment/complete')
  @ApiOperation({
    summary: 'Record that repayment was completed',
    description:
      'Records the end of the repayment period; moves no phase (aftercare can start next). Emits `nl.ketenpad.municipality.repayment-completed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when repayment has not started or was already completed, the moment lies before its start, or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'repayment-completed.' })
  @ApiConflictResponse()
  async completeRepayment(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'complete-repayment', at: this.at(body) });
  }

  @Post('aftercare/start')
  @ApiOperation({
    summary: 'Start aftercare (nazorg)',
    description:
      'Starts nazorg from stabilisatie (stabilisation reached, if it was started), oplossing (no proposal pending) or aflossing (repayment completed), moving the pathway to nazorg. Emits `nl.ketenpad.municipality.aftercare-started.v1` and `nl.ketenpad.municipality.phase-changed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when that condition is not met, the phase is earlier, aftercare already started, or the pathway is closed.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'aftercare-started, plus phase-changed to nazorg.' })
  @ApiConflictResponse({
    description: 'Stabilisation not reached, proposal pending, repayment running, or too early a phase.',
  })
  async startAftercare(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-aftercare', at: this.at(body) });
  }

  @Post('aftercare/end')
  @ApiOperation({
    summary: 'End aftercare (nazorg)',
    description:
      'Records the end of nazorg; moves no phase, so close the pathway with reason Afgerond next. Emits `nl.ketenpad.municipality.aftercare-ended.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when aftercare has not started or already ended, the moment lies before its start, or the pathway is closed.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'aftercare-ended; close the pathway with reason Afgerond next.',
  })
  @ApiConflictResponse()
  async endAftercare(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() body: MomentDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'end-aftercare', at: this.at(body) });
  }

  private async run(
    principal: Principal,
    pathwayId: string,
    command: TrajectoryCommand,
  ): Promise<PathwayCommandResponse> {
    return commandAnswer(await this.commands.execute(municipalityOf(principal), pathwayId, command));
  }

  private at(body: MomentDto): Date {
    const now = this.clock.now();
    return pastInstant(body.at, 'at', now) ?? now;
  }
}
