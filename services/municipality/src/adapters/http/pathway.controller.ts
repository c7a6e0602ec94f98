import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  UseFilters,
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
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { Clock, lateEntryInstant, pastInstant } from '@ketenpad/runtime';
import {
  PathwayCommandHandler,
  type CommandOutcome,
  type ExistingPathwayCommand,
} from '../../application/pathway.command-handler';
import { PathwayQueries, type PathwayReader, type PathwayView } from '../../application/pathway.query';
import { Bsn } from '../../domain/bsn';
import { LocalDate } from '@ketenpad/calendar';
import type { PathwayState } from '../../domain/pathway/pathway.state';
import type { ResidentContact } from '../../domain/resident/resident';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { ResidentHasOpenPathwayFilter } from './resident-has-open-pathway.filter';
import {
  ClosureDto,
  type ContactDto,
  EarlySignalDto,
  FirstConversationDto,
  IntakeDecisionDto,
  OpenedPathwayResponse,
  PathwayCommandResponse,
  PathwayListItemResponse,
  PathwayListQuery,
  PathwaySearchDto,
  PathwaySearchResponse,
  PhaseTransitionDto,
  ResidentHasOpenPathwayResponse,
  ReferralDto,
  RegisterHelpRequestDto,
  ResidentDto,
} from './pathway.dto';

const UUID = new ParseUUIDPipe();
const DEFAULT_LIST_LIMIT = 100;
/** Why a counsellor reads a pathway unless the request states otherwise (`x-ketenpad-purpose`). */
const COUNSELLING_PURPOSE = 'debt-assistance';

/** The part of the HTTP request the access log needs: the stated purpose header. */
export type PurposeRequest = { headers: Record<string, string | string[] | undefined> };

/**
 * The counsellor's API. Every pathway belongs to the municipality of the
 * counsellor who opened it; a counsellor of another municipality gets 404.
 */
@ApiTags('pathways')
@ApiBearerAuth()
@Controller('api/v1')
@RequireRoles('counsellor')
@UseInterceptors(DomainErrorsInterceptor)
@UseFilters(ResidentHasOpenPathwayFilter)
export class PathwayController {
  constructor(
    private readonly commands: PathwayCommandHandler,
    private readonly queries: PathwayQueries,
    private readonly clock: Clock,
  ) {}

  @Post('pathways')
  @ApiOperation({
    summary: 'Register a help request',
    description:
      "Registers a resident's help request (Wgs aanmelding) and computes the Wgs deadline for the first conversation (3 working days in a crisis); it lands on the resident's pathway that has only early signals, otherwise a new pathway is opened. Emits `nl.ketenpad.municipality.help-requested.v1` and `nl.ketenpad.municipality.phase-changed.v1` (to aanmelding). Counsellors of a municipality only; 409 with `existingPathwayId` when the resident already has an open help request in this municipality.",
  })
  @ApiCreatedResponse({
    type: OpenedPathwayResponse,
    description: 'Help request registered; the Wgs deadline is computed.',
  })
  @ApiConflictResponse({
    type: ResidentHasOpenPathwayResponse,
    description: 'The resident already has an open help request in this municipality; `existingPathwayId` names it.',
  })
  async registerHelpRequest(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterHelpRequestDto,
  ): Promise<OpenedPathwayResponse> {
    const outcome = await this.commands.forResident(
      municipalityOf(principal),
      { bsn: Bsn.parse(body.bsn), contact: contactOf(body.contact) },
      {
        type: 'register-help-request',
        channel: body.channel,
        requestedAt: this.instant(body.requestedAt, 'requestedAt'),
        crisis: body.crisis ? { type: body.crisis.type } : null,
        ...(body.referralId !== undefined ? { referralId: body.referralId } : {}),
      },
    );
    return opened(outcome.state);
  }

  @Post('early-signals')
  @ApiOperation({
    summary: 'Receive an early signal of payment arrears',
    description:
      "Records a signal partner's early signal (vroegsignalering) on the resident's not-yet-closed pathway in this municipality, or opens a new pathway that has only early signals (no help request, phase null). Emits `nl.ketenpad.municipality.early-signal-received.v1`; a crisis signal on a pathway whose first conversation is still pending can bring its Wgs deadline forward (`nl.ketenpad.municipality.deadline-changed.v1`). Counsellors of a municipality only; 409 when the arrears start after the date of the signal.",
  })
  @ApiCreatedResponse({
    type: OpenedPathwayResponse,
    description: "Signal recorded on the resident's open pathway, or on a new one.",
  })
  async receiveEarlySignal(
    @CurrentPrincipal() principal: Principal,
    @Body() body: EarlySignalDto,
  ): Promise<OpenedPathwayResponse> {
    const outcome = await this.commands.forResident(
      municipalityOf(principal),
      { bsn: Bsn.parse(body.bsn), contact: contactOf(body.contact) },
      {
        type: 'receive-early-signal',
        signalPartnerType: body.signalPartnerType,
        arrearsCents: body.arrearsCents,
        arrearsSince: body.arrearsSince,
        signalledAt: body.signalledAt,
        crisis: body.crisis ? { type: body.crisis.type } : null,
        warmHandover: body.warmHandover,
        receivedAt: this.clock.now(),
      },
    );
    return opened(outcome.state);
  }

  @Post('pathways/:id/first-conversation')
  @ApiOperation({
    summary: 'Record the first conversation',
    description:
      'Records the first conversation (default now) and whether the Wgs deadline was met, and moves the pathway from aanmelding to intake; emits `nl.ketenpad.municipality.first-conversation-held.v1` and `nl.ketenpad.municipality.phase-changed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality. 409 when the pathway has no help request yet, the conversation was already held, it is dated before the help request, or the pathway is closed.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'First conversation recorded; the pathway is in intake.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  async holdFirstConversation(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: FirstConversationDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(principal, id, { type: 'hold-first-conversation', heldAt: this.instant(body.heldAt, 'heldAt') });
  }

  @Post('pathways/:id/intake-decision')
  @ApiOperation({
    summary: 'Record the intake decision (beschikking)',
    description:
      'Records the beschikking: a toelating moves the pathway to plan-van-aanpak, an afwijzing closes it (uitstroom, reason default "Voldoet niet"); emits `nl.ketenpad.municipality.intake-decided.v1` and `nl.ketenpad.municipality.phase-changed.v1`, plus `nl.ketenpad.municipality.pathway-closed.v1` on an afwijzing. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 400 for a `decidedAt` in the future; 409 outside the intake phase (e.g. already decided), for a date before the first conversation, or on a closed pathway.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'Beschikking recorded: plan van aanpak after toelating, uitstroom after afwijzing.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  async decideIntake(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: IntakeDecisionDto,
  ): Promise<PathwayCommandResponse> {
    const now = this.clock.now();
    const decidedAt = body.decidedAt ?? LocalDate.fromInstant(now).toString();
    if (LocalDate.parse(decidedAt).isAfter(LocalDate.fromInstant(now))) {
      throw new BadRequestException('decidedAt cannot be in the future');
    }
    return this.run(principal, id, {
      type: 'decide-intake',
      decision: body.decision,
      decidedAt,
      at: now,
      ...(body.closeReason !== undefined ? { closeReason: body.closeReason } : {}),
    });
  }

  @Post('pathways/:id/phase-transitions')
  @ApiOperation({
    summary: 'Move the pathway to the next phase by hand',
    description:
      'Moves the pathway forward by hand where no recorded fact marks the move: plan-van-aanpak to stabilisatie or oplossing, stabilisatie to oplossing; emits `nl.ketenpad.municipality.phase-changed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 for any other move (naming the step to record instead, e.g. close the pathway for uitstroom), a moment before the current phase began, or a closed pathway.',
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'Phase changed.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The move is not allowed by the phase rule table.' })
  async changePhase(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: PhaseTransitionDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(principal, id, { type: 'change-phase', to: body.to, at: this.instant(body.at, 'at') });
  }

  @Post('pathways/:id/referrals')
  @ApiOperation({
    summary: 'Refer the resident to another organisation',
    description:
      "Records a referral to another organisation in the chain (coded reason, urgent, warm, optional consent), made now or earlier on the municipality's own system; emits `nl.ketenpad.municipality.referral-made.v1`, and the answer names the `referralId`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the referral id was used already, the municipality refers to itself, `madeAt` lies before the help request, or the pathway is closed.",
  })
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'Referral made; `referralId` names it.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The referral id was used already, or `madeAt` lies before the help request.' })
  async makeReferral(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ReferralDto,
  ): Promise<PathwayCommandResponse> {
    const referralId = body.referralId ?? randomUUID();
    const answer = await this.run(principal, id, {
      type: 'make-referral',
      referralId,
      toOrg: body.toOrg,
      reason: body.reason,
      urgent: body.urgent,
      warm: body.warm,
      ...(body.consentRef !== undefined ? { consentRef: body.consentRef } : {}),
      at: this.lateEntry(body.madeAt, 'madeAt'),
    });
    return { ...answer, referralId };
  }

  @Post('pathways/:id/closure')
  @ApiOperation({
    summary: 'Close the pathway (uitstroom)',
    description:
      'Closes the pathway with a DDAS uitstroom reason: the phase moves to uitstroom and afterwards nothing can change but the withdrawal of consents; emits `nl.ketenpad.municipality.phase-changed.v1` and `nl.ketenpad.municipality.pathway-closed.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the pathway is already closed, has no help request yet, or the moment lies before the current phase began.',
  })
  @ApiCreatedResponse({
    type: PathwayCommandResponse,
    description: 'Pathway closed (uitstroom); nothing can change afterwards.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  async closePathway(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ClosureDto,
  ): Promise<PathwayCommandResponse> {
    return this.run(principal, id, { type: 'close-pathway', reason: body.reason, at: this.instant(body.at, 'at') });
  }

  @Get('pathways')
  @ApiOperation({
    summary: "List the municipality's pathways (work list)",
    description:
      "The counsellor's work list: the pathways of the caller's municipality, optionally of one status, earliest first-conversation deadline first (100 unless `limit` says otherwise, at most 500). Counsellors of a municipality only. Every pathway listed is written to the access log (purpose from `x-ketenpad-purpose`, default `debt-assistance`).",
  })
  @ApiOkResponse({
    type: PathwayListItemResponse,
    isArray: true,
    description:
      "The counsellor's work list: the municipality's pathways, earliest first-conversation deadline first. One access-log row per pathway listed.",
  })
  async listPathways(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Query() query: PathwayListQuery,
  ): Promise<PathwayListItemResponse[]> {
    return this.queries.list(readerOf(principal, request), municipalityOf(principal), {
      ...(query.status !== undefined ? { status: query.status } : {}),
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
    });
  }

  @Post('pathways/search')
  @HttpCode(200)
  @ApiOperation({
    summary: "Find a resident's pathways by BSN",
    description:
      "The BSN travels in the body, never in a URL. Exact match through the blind index, within the counsellor's municipality; never returns a BSN. Each pathway found is access-logged.",
  })
  @ApiOkResponse({ type: PathwaySearchResponse })
  async searchByBsn(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Body() body: PathwaySearchDto,
  ): Promise<PathwaySearchResponse> {
    const items = await this.queries.findByResident(
      readerOf(principal, request),
      municipalityOf(principal),
      Bsn.parse(body.bsn),
    );
    return { items };
  }

  @Put('pathways/:id/resident')
  @ApiOperation({
    summary: 'Set or correct the resident of a pathway',
    description:
      'Sets the resident (BSN, contact data) of a pathway that has none yet, e.g. one opened by a referral, or corrects it; the data is stored encrypted and published in no event. Answers the pathway as GET does (BSN masked), and that read is written to the access log. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the BSN belongs to another open pathway of this municipality, the pathway is closed, or its personal data was erased.',
  })
  @ApiOkResponse({
    description:
      'Resident set (BSN masked in the answer); e.g. at the first conversation of a pathway opened by a referral.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'The BSN belongs to another open pathway of this municipality, or the pathway is closed.',
  })
  async setResident(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Param('id', UUID) id: string,
    @Body() body: ResidentDto,
  ): Promise<PathwayView> {
    const municipalityCode = municipalityOf(principal);
    await this.commands.setResident(municipalityCode, id, {
      bsn: Bsn.parse(body.bsn),
      contact: contactOf(body.contact),
    });
    return this.queries.get(readerOf(principal, request), municipalityCode, id);
  }

  @Get('pathways/:id')
  @ApiOperation({
    summary: 'Get a pathway',
    description:
      "The municipality's own view of one pathway: its state and the resident with the BSN masked (resident null after erasure). Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality. Every read is written to the access log before it is served (purpose from `x-ketenpad-purpose`, default `debt-assistance`).",
  })
  @ApiOkResponse({
    description:
      "The municipality's own view, BSN masked (resident null after erasure). Access-logged; purpose from `x-ketenpad-purpose` (default `debt-assistance`).",
  })
  @ApiNotFoundResponse()
  async getPathway(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Param('id', UUID) id: string,
  ): Promise<PathwayView> {
    return this.queries.get(readerOf(principal, request), municipalityOf(principal), id);
  }

  private async run(
    principal: Principal,
    pathwayId: string,
    command: ExistingPathwayCommand,
  ): Promise<PathwayCommandResponse> {
    return commandAnswer(await this.commands.execute(municipalityOf(principal), pathwayId, command));
  }

  /** The stated moment recorded first elsewhere (see {@link lateEntryInstant}), or now. */
  private lateEntry(value: string | undefined, field: string): Date {
    const now = this.clock.now();
    return lateEntryInstant(value, field, now) ?? now;
  }

  /** The stated instant (see {@link pastInstant}), or now. */
  private instant(value: string | undefined, field: string): Date {
    const now = this.clock.now();
    return pastInstant(value, field, now) ?? now;
  }
}

export function municipalityOf(principal: Principal): string {
  const code = principal.organisation.municipalityCode;
  // @RequireRoles('counsellor') already implies a municipality; fail closed anyway.
  if (principal.organisation.kind !== 'municipality' || code === undefined) {
    throw new ForbiddenException('only a municipality works with pathways here');
  }
  return code;
}

function readerOf(principal: Principal, request: PurposeRequest): PathwayReader {
  return { principal, purpose: purposeOf(request, COUNSELLING_PURPOSE) };
}

function contactOf(dto: ContactDto | undefined): ResidentContact {
  if (!dto) return {};
  const { address, ...rest } = dto;
  return { ...rest, ...(address ? { address: { ...address } } : {}) };
}

function opened(state: PathwayState): OpenedPathwayResponse {
  return {
    pathwayId: state.pathwayId,
    phase: state.phase,
    firstConversationDue: state.firstConversationDue,
    crisis: state.crisis,
  };
}

/**
 * What a command on an existing pathway answers: only what it changed (the
 * types of the facts it recorded, the phase and status they left), never the
 * pathway state with its resident-related data - a command is no read, so no
 * access-log row (issue 12 finding 13).
 */
export function commandAnswer(outcome: CommandOutcome): PathwayCommandResponse {
  return {
    pathwayId: outcome.state.pathwayId,
    status: outcome.state.status,
    phase: outcome.state.phase,
    events: outcome.events.map((event) => event.type),
  };
}
