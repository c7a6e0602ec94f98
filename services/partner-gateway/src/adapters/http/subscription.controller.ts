import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { SubscriptionCommandHandler } from '../../application/subscription.command-handler';
import { SubscriptionQueries } from '../../application/subscription.query';
import type { AttemptRecord, DeadLetterRecord } from '../persistence/delivery.repository';
import type { SubscriptionRecord } from '../persistence/subscription.repository';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import {
  CreatedSubscriptionResponse,
  CreateSubscriptionDto,
  DeadLetterResponse,
  DeliveryAttemptResponse,
  DeliveryLogQuery,
  QueuedResponse,
  RedeliveryDto,
  ReplayDto,
  SubscriptionResponse,
  UpdateSubscriptionDto,
} from './subscription.dto';

const UUID = new ParseUUIDPipe();
const DEFAULT_LOG_LIMIT = 100;

/**
 * A partner's webhook subscriptions. Partner role only; every route acts on
 * the caller's own organisation, and another partner's subscription id
 * answers 404 exactly like an unknown one.
 */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('api/v1/subscriptions')
@RequireRoles('partner')
@UseInterceptors(DomainErrorsInterceptor)
export class SubscriptionController {
  constructor(
    private readonly commands: SubscriptionCommandHandler,
    private readonly queries: SubscriptionQueries,
  ) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedSubscriptionResponse,
    description: 'Subscribed; the signing secret is in this answer only.',
  })
  @ApiBadRequestResponse({
    description:
      'Invalid fields, a callback URL that is not allowed, or a callback that failed the validation handshake.',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSubscriptionDto,
  ): Promise<CreatedSubscriptionResponse> {
    const { subscription, secret } = await this.commands.create(principal.organisation.id, {
      callbackUrl: body.callbackUrl,
      eventTypes: body.eventTypes,
      municipalities: body.municipalities ?? [],
      classifications: body.classifications ?? [],
      pathwayIds: body.pathwayIds ?? [],
    });
    return { ...view(subscription), secret };
  }

  @Get()
  @ApiOkResponse({ type: SubscriptionResponse, isArray: true })
  async list(@CurrentPrincipal() principal: Principal): Promise<SubscriptionResponse[]> {
    return (await this.queries.list(principal.organisation.id)).map(view);
  }

  @Get(':id')
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiNotFoundResponse()
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<SubscriptionResponse> {
    return view(await this.queries.get(principal.organisation.id, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse()
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: UpdateSubscriptionDto,
  ): Promise<SubscriptionResponse> {
    return view(await this.commands.change(principal.organisation.id, id, body));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubscriptionResponse,
    description: 'Paused: notifications are queued, not sent, until resumed.',
  })
  @ApiNotFoundResponse()
  async pause(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<SubscriptionResponse> {
    return view(await this.commands.setPaused(principal.organisation.id, id, true));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriptionResponse, description: 'Resumed: the queued notifications follow in order.' })
  @ApiNotFoundResponse()
  async resume(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<SubscriptionResponse> {
    return view(await this.commands.setPaused(principal.organisation.id, id, false));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its queue and delivery log.' })
  @ApiNotFoundResponse()
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<void> {
    await this.commands.delete(principal.organisation.id, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({
    type: DeliveryAttemptResponse,
    isArray: true,
    description: 'The delivery log, newest first: status code, latency and error per attempt; never a payload.',
  })
  @ApiNotFoundResponse()
  async deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Query() query: DeliveryLogQuery,
  ): Promise<DeliveryAttemptResponse[]> {
    const attempts = await this.queries.attempts(principal.organisation.id, id, {
      ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
      limit: query.limit ?? DEFAULT_LOG_LIMIT,
    });
    return attempts.map(attemptView);
  }

  @Get(':id/dead-letters')
  @ApiOkResponse({ type: DeadLetterResponse, isArray: true })
  @ApiNotFoundResponse()
  async deadLetters(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<DeadLetterResponse[]> {
    return (await this.queries.deadLetters(principal.organisation.id, id)).map(deadLetterView);
  }

  @Post(':id/redeliveries')
  @ApiCreatedResponse({ type: QueuedResponse, description: 'Dead-lettered notifications queued again.' })
  @ApiNotFoundResponse()
  async redeliver(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: RedeliveryDto,
  ): Promise<QueuedResponse> {
    return this.commands.redeliver(principal.organisation.id, id, body.eventIds);
  }

  @Post(':id/replays')
  @ApiCreatedResponse({
    type: QueuedResponse,
    description: 'Every matching, entitled event received since `from` queued again.',
  })
  @ApiNotFoundResponse()
  async replay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ReplayDto,
  ): Promise<QueuedResponse> {
    return this.commands.replay(principal.organisation.id, id, new Date(body.from));
  }
}

function view(s: SubscriptionRecord): SubscriptionResponse {
  return {
    subscriptionId: s.subscriptionId,
    callbackUrl: s.callbackUrl,
    eventTypes: [...s.eventTypes],
    municipalities: [...s.municipalities],
    classifications: [...s.classifications],
    pathwayIds: [...s.pathwayIds],
    status: s.status,
    verifiedAt: s.verifiedAt.toISOString(),
    failingSince: s.failingSince?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function attemptView(a: AttemptRecord): DeliveryAttemptResponse {
  return { ...a, attemptedAt: a.attemptedAt.toISOString() };
}

function deadLetterView(d: DeadLetterRecord): DeadLetterResponse {
  return {
    eventId: d.eventId,
    pathwayId: d.pathwayId,
    attempts: d.attempts,
    firstAttemptAt: d.firstAttemptAt?.toISOString() ?? null,
    deadLetteredAt: d.finishedAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
  };
}
