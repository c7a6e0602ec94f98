import { BadRequestException, Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { Clock, pastInstant } from '@ketenpad/runtime';
import { PathwayCommandHandler } from '../../application/pathway.command-handler';
import { DEFAULT_SETTLEMENT_TERM_MONTHS, GUIDANCE_KINDS, type GuidanceKind } from '../../domain/pathway/pathway.codes';
import type { TrajectoryCommand } from '../../domain/pathway/pathway.commands';
import type { PathwayState } from '../../domain/pathway/pathway.state';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { municipalityOf } from './pathway.controller';
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
 * and aftercare. Every route answers 201 with the pathway state, or 409 with
 * the domain's reason and nothing recorded or published. Which steps move the
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
  @ApiCreatedResponse({ description: 'contact-attempted; also before the first conversation and on a signalled pathway.' })
  async attemptContact(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: ContactAttemptDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'attempt-contact', kind: body.kind, reached: body.reached, at: this.at(body) });
  }

  @Post('help-offer/acceptance')
  @ApiCreatedResponse({ description: 'help-offer-accepted; collection paused until the acceptance day + 30 days.' })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async acceptHelpOffer(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'accepted', at: this.at(body) });
  }

  @Post('help-offer/decline')
  @ApiCreatedResponse({ description: 'help-offer-declined.' })
  @ApiConflictResponse({ description: 'The pathway has no early signal, or the offer was already answered.' })
  async declineHelpOffer(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'answer-help-offer', answer: 'declined', at: this.at(body) });
  }

  @Post('crisis-interventions')
  @ApiCreatedResponse({ description: 'crisis-intervention-started.' })
  @ApiConflictResponse({ description: 'An intervention for this threat already runs.' })
  async startCrisisIntervention(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CrisisInterventionDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'start-crisis-intervention', threat: body.threat, at: this.at(body) });
  }

  @Post('crisis-interventions/end')
  @ApiCreatedResponse({ description: 'crisis-intervention-ended.' })
  @ApiConflictResponse({ description: 'No (such) intervention runs, or several run and no threat was named.' })
  async endCrisisIntervention(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CrisisInterventionEndDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'end-crisis-intervention', ...(body.threat !== undefined ? { threat: body.threat } : {}), at: this.at(body) });
  }

  @Post('plan-of-action')
  @ApiCreatedResponse({ description: 'plan-of-action-set (set or revised); moves no phase.' })
  @ApiConflictResponse({ description: 'No toelatingsbeschikking yet.' })
  async setPlanOfAction(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: PlanOfActionDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'set-plan-of-action', supportTypes: body.supportTypes, at: this.at(body) });
  }

  @Post('stabilisation/start')
  @ApiCreatedResponse({ description: 'stabilisation-started, plus phase-changed to stabilisatie from plan-van-aanpak.' })
  @ApiConflictResponse()
  async startStabilisation(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'start-stabilisation', at: this.at(body) });
  }

  @Post('stabilisation/reached')
  @ApiCreatedResponse({ description: 'stabilisation-reached.' })
  @ApiConflictResponse()
  async reachStabilisation(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'reach-stabilisation', at: this.at(body) });
  }

  @Post('guidance')
  @ApiCreatedResponse({ description: 'guidance-started.' })
  @ApiConflictResponse({ description: 'This kind of guidance already runs.' })
  async startGuidance(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: GuidanceDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'start-guidance', kind: body.kind, at: this.at(body) });
  }

  @Post('guidance/:kind/end')
  @ApiParam({ name: 'kind', enum: GUIDANCE_KINDS, description: 'DDAS begeleidingssoort, URL-encoded.' })
  @ApiCreatedResponse({ description: 'guidance-ended.' })
  @ApiConflictResponse({ description: 'This kind of guidance is not running.' })
  async endGuidance(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Param('kind') kind: string,
    @Body() body: MomentDto,
  ): Promise<PathwayState> {
    if (!(GUIDANCE_KINDS as readonly string[]).includes(kind)) {
      throw new BadRequestException(`kind must be one of the following values: ${GUIDANCE_KINDS.join(', ')}`);
    }
    return this.run(p, id, { type: 'end-guidance', kind: kind as GuidanceKind, at: this.at(body) });
  }

  @Post('debts')
  @ApiCreatedResponse({ description: 'debts-inventoried (saldo-inventarisatie).' })
  @ApiConflictResponse({ description: 'Before the intake, or while a settlement based on the inventory is pending or granted.' })
  async inventoryDebts(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: DebtsDto): Promise<PathwayState> {
    return this.run(p, id, {
      type: 'inventory-debts',
      creditorCount: body.creditorCount,
      totalDebtCents: body.totalDebtCents,
      debtTypes: body.debtTypes,
      at: this.at(body),
    });
  }

  @Post('settlement-proposals')
  @ApiCreatedResponse({ description: 'settlement-proposed, plus phase-changed to oplossing when not there yet.' })
  @ApiConflictResponse({ description: 'No debts inventoried, a proposal is pending, a settlement was granted, or wrong phase.' })
  async proposeSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: SettlementProposalDto): Promise<PathwayState> {
    return this.run(p, id, {
      type: 'propose-settlement',
      solutionKind: body.solutionKind,
      vtlbCents: body.vtlbCents,
      termMonths: body.termMonths ?? DEFAULT_SETTLEMENT_TERM_MONTHS,
      at: this.at(body),
    });
  }

  @Post('creditor-responses')
  @ApiCreatedResponse({ description: 'creditor-responded.' })
  @ApiConflictResponse({ description: 'No proposal pending, or every inventoried creditor already responded.' })
  async recordCreditorResponse(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: CreditorResponseDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'record-creditor-response', response: body.response, at: this.at(body) });
  }

  @Post('settlement/grant')
  @ApiCreatedResponse({ description: 'settlement-granted.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async grantSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'granted', at: this.at(body) });
  }

  @Post('settlement/reject')
  @ApiCreatedResponse({ description: 'settlement-rejected.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async rejectSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'rejected', at: this.at(body) });
  }

  @Post('settlement/withdraw')
  @ApiCreatedResponse({ description: 'settlement-withdrawn.' })
  @ApiConflictResponse({ description: 'No proposal pending (none, or already decided).' })
  async withdrawSettlement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'decide-settlement', decision: 'withdrawn', at: this.at(body) });
  }

  @Post('repayment/start')
  @ApiCreatedResponse({ description: 'repayment-started, plus phase-changed to aflossing.' })
  @ApiConflictResponse({ description: 'No granted settlement, or repayment already started.' })
  async startRepayment(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'start-repayment', at: this.at(body) });
  }

  @Post('repayment/complete')
  @ApiCreatedResponse({ description: 'repayment-completed.' })
  @ApiConflictResponse()
  async completeRepayment(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'complete-repayment', at: this.at(body) });
  }

  @Post('aftercare/start')
  @ApiCreatedResponse({ description: 'aftercare-started, plus phase-changed to nazorg.' })
  @ApiConflictResponse({ description: 'Stabilisation not reached, proposal pending, repayment running, or too early a phase.' })
  async startAftercare(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'start-aftercare', at: this.at(body) });
  }

  @Post('aftercare/end')
  @ApiCreatedResponse({ description: 'aftercare-ended; close the pathway with reason Afgerond next.' })
  @ApiConflictResponse()
  async endAftercare(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() body: MomentDto): Promise<PathwayState> {
    return this.run(p, id, { type: 'end-aftercare', at: this.at(body) });
  }

  private async run(principal: Principal, pathwayId: string, command: TrajectoryCommand): Promise<PathwayState> {
    const { state } = await this.commands.execute(municipalityOf(principal), pathwayId, command);
    return state;
  }

  private at(body: MomentDto): Date {
    const now = this.clock.now();
    return pastInstant(body.at, 'at', now) ?? now;
  }
}
