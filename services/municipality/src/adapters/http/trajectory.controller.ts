import { BadRequestException, Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiParam, ApiTags } from '@nestjs/swagger';
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
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'contact-attempted; also before the first conversation and on a signalled pathway.' })
  async attemptContact(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: ContactAttemptDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'attempt-contact', kind: body.kind, reached: body.reached, at: this.at(body) });
  }

  @Post('help-offer/acceptance')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'help-offer-accepted; collection paused until the acceptance day + 30 days.' })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async acceptHelpOffer(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'accepted', at: this.at(body) });
  }

  @Post('help-offer/decline')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'help-offer-declined.' })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async declineHelpOffer(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'declined', at: this.at(body) });
  }

  @Post('crisis-interventions')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'crisis-intervention-started.' })
  @ApiConflictResponse({ description: 'An intervention for this threat already runs.' })
  async startCrisisIntervention(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CrisisInterventionDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-crisis-intervention', threat: body.threat, at: this.at(body) });
  }

  @Post('crisis-interventions/end')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'crisis-intervention-ended.' })
  @ApiConflictResponse({ description: 'No (such) intervention runs, or several run and no threat was named.' })
  async endCrisisIntervention(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CrisisInterventionEndDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'end-crisis-intervention', ...(body.threat !== undefined ? { threat: body.threat } : {}), at: this.at(body) });
  }

  @Post('plan-of-action')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'plan-of-action-set (set or revised); moves no phase.' })
  @ApiConflictResponse({ description: 'No toelatingsbeschikking yet.' })
  async setPlanOfAction(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: PlanOfActionDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'set-plan-of-action', supportTypes: body.supportTypes, at: this.at(body) });
  }

  @Post('stabilisation/start')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'stabilisation-started, plus phase-changed to stabilisatie from plan-van-aanpak.' })
  @ApiConflictResponse()
  async startStabilisation(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-stabilisation', at: this.at(body) });
  }

  @Post('stabilisation/reached')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'stabilisation-reached.' })
  @ApiConflictResponse()
  async reachStabilisation(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'reach-stabilisation', at: this.at(body) });
  }

  @Post('guidance')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'guidance-started.' })
  @ApiConflictResponse({ description: 'This kind of guidance already runs.' })
  async startGuidance(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: GuidanceDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-guidance', kind: body.kind, at: this.at(body) });
  }

  @Post('guidance/:kind/end')
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
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'debts-inventoried (saldo-inventarisatie).' })
  @ApiConflictResponse({ description: 'Before the intake, or while a settlement based on the inventory is pending or granted.' })
  async inventoryDebts(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: DebtsDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, {
      type: 'inventory-debts',
      creditorCount: body.creditorCount,
      totalDebtCents: body.totalDebtCents,
      debtTypes: body.debtTypes,
      at: this.at(body),
    });
  }

  @Post('settlement-proposals')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-proposed, plus phase-changed to oplossing when not there yet.' })
  @ApiConflictResponse({ description: 'No debts inventoried, a proposal is pending, a settlement was granted, or wrong phase.' })
  async proposeSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: SettlementProposalDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, {
      type: 'propose-settlement',
      solutionKind: body.solutionKind,
      vtlbCents: body.vtlbCents,
      termMonths: body.termMonths ?? DEFAULT_SETTLEMENT_TERM_MONTHS,
      at: this.at(body),
    });
  }

  @Post('creditor-responses')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'creditor-responded.' })
  @ApiConflictResponse({ description: 'No proposal pending, or every inventoried creditor already responded.' })
  async recordCreditorResponse(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CreditorResponseDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'record-creditor-response', response: body.response, at: this.at(body) });
  }

  @Post('settlement/grant')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-granted.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async grantSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'granted', at: this.at(body) });
  }

  @Post('settlement/reject')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-rejected.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async rejectSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'rejected', at: this.at(body) });
  }

  @Post('settlement/withdraw')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'settlement-withdrawn.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async withdrawSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'withdrawn', at: this.at(body) });
  }

  @Post('repayment/start')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'repayment-started, plus phase-changed to aflossing.' })
  @ApiConflictResponse({ description: 'No granted settlement, or repayment already started.' })
  async startRepayment(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-repayment', at: this.at(body) });
  }

  @Post('repayment/complete')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'repayment-completed.' })
  @ApiConflictResponse()
  async completeRepayment(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'complete-repayment', at: this.at(body) });
  }

  @Post('aftercare/start')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'aftercare-started, plus phase-changed to nazorg.' })
  @ApiConflictResponse({ description: 'Stabilisation not reached, proposal pending, repayment running, or too early a phase.' })
  async startAftercare(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'start-aftercare', at: this.at(body) });
  }

  @Post('aftercare/end')
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'aftercare-ended; close the pathway with reason Afgerond next.' })
  @ApiConflictResponse()
  async endAftercare(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayCommandResponse> {
    return this.run(p, id, { type: 'end-aftercare', at: this.at(body) });
  }

  private async run(principal: Principal, pathwayId: string, command: TrajectoryCommand): Promise<PathwayCommandResponse> {
    return commandAnswer(await this.commands.execute(municipalityOf(principal), pathwayId, command));
  }

  private at(body: MomentDto): Date {
    const now = this.clock.now();
    return pastInstant(body.at, 'at', now) ?? now;
  }
}
