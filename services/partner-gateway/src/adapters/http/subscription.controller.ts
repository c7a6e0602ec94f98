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
  ApiOperation,
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
  TestDeliveryResponse,
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
  @ApiOperation({
    summary: 'Create a webhook subscription',
    description:
      "Subscribes the caller's partner organisation to notifications of chain events, by event type and optionally municipality, classification and pathway; only events the partner is entitled to are ever sent. The callback URL must pass the URL and address rules and the CloudEvents webhook validation handshake before anything is stored, and the Standard Webhooks signing secret is returned in this answer only. " +
      'Partner role only; 400 for invalid fields, a callback URL that is not allowed, or a failed handshake.',
  })
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
  @ApiOperation({
    summary: 'List the webhook subscriptions',
    description:
      "Lists the subscriptions of the caller's partner organisation, oldest first, with their filters and status (`active`, `paused` or `failing`); never the signing secret. " +
      'Partner role only.',
  })
  @ApiOkResponse({ type: SubscriptionResponse, isArray: true })
  async list(@CurrentPrincipal() principal: Principal): Promise<SubscriptionResponse[]> {
    return (await this.queries.list(principal.organisation.id)).map(view);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a webhook subscription',
    description:
      "Returns one subscription of the caller's partner organisation with its filters and status; never the signing secret. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiNotFoundResponse()
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<SubscriptionResponse> {
    return view(await this.queries.get(principal.organisation.id, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a webhook subscription',
    description:
      "Changes only the given fields of a subscription of the caller's partner organisation; a new callback URL must pass the URL and address rules and the validation handshake before it replaces the old one, and the signing secret stays the same. " +
      'Partner role only. ' +
      '400 for invalid fields, a callback URL that is not allowed, or a failed handshake; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
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
  @ApiOperation({
    summary: 'Pause a webhook subscription',
    description:
      "Pauses deliveries of a subscription of the caller's partner organisation: matching notifications keep being queued, not sent, until it is resumed. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
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
  @ApiOperation({
    summary: 'Resume a webhook subscription',
    description:
      "Resumes a paused subscription of the caller's partner organisation: the notifications queued meanwhile follow in order, and the status returns to `failing` if deliveries were being dead-lettered before the pause, else to `active`. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
  @ApiOkResponse({ type: SubscriptionResponse, description: 'Resumed: the queued notifications follow in order.' })
  @ApiNotFoundResponse()
  async resume(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<SubscriptionResponse> {
    return view(await this.commands.setPaused(principal.organisation.id, id, false));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook subscription',
    description:
      "Deletes a subscription of the caller's partner organisation with its queued notifications and delivery log; nothing more is sent to its callback URL. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
  @ApiNoContentResponse({ description: 'Deleted, with its queue and delivery log.' })
  @ApiNotFoundResponse()
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', UUID) id: string): Promise<void> {
    await this.commands.delete(principal.organisation.id, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'Read the delivery log of a subscription',
    description:
      "Lists the delivery attempts of a subscription of the caller's partner organisation, newest first (from `since` if given, at most `limit`, default 100): per attempt the status code, latency, error kind and outcome, never a payload. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
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
  @ApiOperation({
    summary: 'List the dead letters of a subscription',
    description:
      "Lists the notifications of a subscription of the caller's partner organisation that were given up after the retry window (dead-lettered), with attempts, first attempt, when they were given up and the last status code and error; queue them again with `POST .../redeliveries`. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
  @ApiOkResponse({ type: DeadLetterResponse, isArray: true })
  @ApiNotFoundResponse()
  async deadLetters(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<DeadLetterResponse[]> {
    return (await this.queries.deadLetters(principal.organisation.id, id)).map(deadLetterView);
  }

  @Post(':id/redeliveries')
  @ApiOperation({
    summary: 'Redeliver dead-lettered notifications',
    description:
      "Queues the dead-lettered notifications of a subscription of the caller's partner organisation again, all of them or those in `eventIds`, and answers how many were queued; each is still sent only while the partner is entitled to it. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
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
  @ApiOperation({
    summary: 'Replay events received since a moment',
    description:
      'Queues again every stored event the gateway received from `from` on that the subscription matches and the partner is entitled to today (the same decision as for live events, taken now: a withdrawn consent replays nothing), and answers how many were queued. At most 10,000 received events are considered per request; replay a longer period in steps. ' +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
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

  @Post(':id/test-deliveries')
  @ApiOperation({
    summary: 'Send a test notification',
    description:
      "Sends one test notification to the callback URL of a subscription of the caller's partner organisation, now and whatever the subscription's status, and answers how the callback responded (delivered or not, status code, error kind, latency). " +
      "It is shaped and signed exactly like a real notification (Standard Webhooks, with the subscription's secret), marked `test: true`, of type `nl.ketenpad.partner-gateway.test-notification.v1`, about no pathway (the nil UUID), with the subscription as its `dataref`; it is not queued, not retried and not in the delivery log. " +
      'Partner role only; 404 for an unknown subscription or one of another partner (the same answer, so ids cannot be probed).',
  })
  @ApiCreatedResponse({ type: TestDeliveryResponse, description: 'Sent; how the callback answered.' })
  @ApiNotFoundResponse()
  async testDelivery(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
  ): Promise<TestDeliveryResponse> {
    const { webhookId, notificationId, sentAt, result } = await this.commands.testDelivery(
      principal.organisation.id,
      id,
    );
    return {
      webhookId,
      notificationId,
      sentAt: sentAt.toISOString(),
      delivered: result.ok,
      statusCode: result.statusCode ?? null,
      error: result.error ?? null,
      latencyMs: result.latencyMs,
    };
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
  return { ...a, attemptedAt: a.attemptedAt.toISOString(), nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null };
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
