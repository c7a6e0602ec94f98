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
  @ApiCreatedResponse({ type: PathwayCommandResponse, description: 'First conversation recorded; the pathway is in intake.' })
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
