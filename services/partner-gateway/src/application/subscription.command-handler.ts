import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { inTransaction } from '@ketenpad/persistence';
import type { Clock } from '@ketenpad/runtime';
import { callbackUrlProblem } from '../domain/callback-url.rule';
import { NO_RECORDS, partnerMayReadEvent, pathwayAccessFacts } from '../domain/partner-access.policy';
import { matchesFilter, type SubscriptionFilter } from '../domain/subscription.filter';
import { testNotification } from '../domain/thin-notification';
import { signWebhook } from '../adapters/webhook/webhook.signer';
import type { DeliveryRepository } from '../adapters/persistence/delivery.repository';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import { newSigningSecret, type SecretCipher } from '../adapters/persistence/secret.cipher';
import type { SubscriptionRecord, SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import type { PartnerGatewayConfig } from '../partner-gateway.config';
import { SubscriptionInputRejected, SubscriptionNotFound } from './application.errors';
import type { CallbackAddresses } from './callback-address.port';
import type { WebhookResult, WebhookTransport } from './webhook.port';

/** A test notification as it was sent, and how the callback answered. */
export interface TestDelivery {
  readonly webhookId: string;
  readonly notificationId: string;
  readonly sentAt: Date;
  readonly result: WebhookResult;
}

/** `source` of a test notification: the gateway itself. */
const TEST_SOURCE = 'urn:nld:ketenpad:partner-gateway';

/** What a partner asks for when subscribing. */
export interface SubscriptionRequest extends SubscriptionFilter {
  readonly callbackUrl: string;
}

/** A change: only the given fields change. */
export type SubscriptionChange = Partial<SubscriptionRequest>;

/** Events replayed at most per request; a partner replays a longer period in steps. */
export const MAX_REPLAY_EVENTS = 10_000;

/**
 * The partner's subscriptions: create (with the validation handshake and a
 * secret returned once), change (handshake again on a new URL), pause and
 * resume, delete, redeliver dead letters and replay from a point in time.
 * Every command names the partner: another partner's subscription is "not found".
 */
export class SubscriptionCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly entitlements: EntitlementRepository,
    private readonly cipher: SecretCipher,
    private readonly webhooks: WebhookTransport,
    private readonly config: PartnerGatewayConfig,
    private readonly clock: Clock,
    private readonly addresses: CallbackAddresses,
  ) {}

  async create(
    partnerOrg: string,
    request: SubscriptionRequest,
  ): Promise<{ subscription: SubscriptionRecord; secret: string }> {
    await this.verifyCallback(request.callbackUrl);
    const now = this.clock.now();
    const subscription: SubscriptionRecord = {
      subscriptionId: randomUUID(),
      partnerOrg,
      callbackUrl: request.callbackUrl,
      eventTypes: request.eventTypes,
      municipalities: request.municipalities,
      classifications: request.classifications,
      pathwayIds: request.pathwayIds,
      status: 'active',
      verifiedAt: now,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newSigningSecret();
    await inTransaction(this.dataSource, (manager) =>
      this.subscriptions.insert(manager, subscription, this.cipher.seal(secret, subscription.subscriptionId)),
    );
    return { subscription, secret };
  }

  async change(partnerOrg: string, subscriptionId: string, change: SubscriptionChange): Promise<SubscriptionRecord> {
    const current = await this.own(partnerOrg, subscriptionId);
    const newUrl =
      change.callbackUrl !== undefined && change.callbackUrl !== current.callbackUrl ? change.callbackUrl : undefined;
    const urlChanged = newUrl !== undefined;
    // The handshake runs outside the transaction: a partner's slow endpoint must not hold a row lock.
    if (newUrl !== undefined) await this.verifyCallback(newUrl);
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.subscriptions.findOwnForUpdate(manager, subscriptionId, partnerOrg);
      if (!locked) throw new SubscriptionNotFound();
      const now = this.clock.now();
      const next: SubscriptionRecord = {
        ...locked,
        ...(change.callbackUrl !== undefined ? { callbackUrl: change.callbackUrl } : {}),
        ...(change.eventTypes !== undefined ? { eventTypes: change.eventTypes } : {}),
        ...(change.municipalities !== undefined ? { municipalities: change.municipalities } : {}),
        ...(change.classifications !== undefined ? { classifications: change.classifications } : {}),
        ...(change.pathwayIds !== undefined ? { pathwayIds: change.pathwayIds } : {}),
        ...(urlChanged ? { verifiedAt: now } : {}),
        updatedAt: now,
      };
      await this.subscriptions.update(manager, next);
      return next;
    });
  }

  /** Pausing keeps queuing: a resumed subscription receives what happened meanwhile, in order. */
  async setPaused(partnerOrg: string, subscriptionId: string, paused: boolean): Promise<SubscriptionRecord> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.subscriptions.findOwnForUpdate(manager, subscriptionId, partnerOrg);
      if (!current) throw new SubscriptionNotFound();
      const status = paused ? 'paused' : current.failingSince !== null ? 'failing' : 'active';
      const next: SubscriptionRecord = { ...current, status, updatedAt: this.clock.now() };
      await this.subscriptions.update(manager, next);
      return next;
    });
  }

  async delete(partnerOrg: string, subscriptionId: string): Promise<void> {
    const deleted = await inTransaction(this.dataSource, (manager) =>
      this.subscriptions.delete(manager, subscriptionId, partnerOrg),
    );
    if (!deleted) throw new SubscriptionNotFound();
  }

  /** Queues dead-lettered notifications again (all, or those of `eventIds`). */
  async redeliver(
    partnerOrg: string,
    subscriptionId: string,
    eventIds?: readonly string[],
  ): Promise<{ queued: number }> {
    return inTransaction(this.dataSource, async (manager) => {
      if (!(await this.subscriptions.findOwnForUpdate(manager, subscriptionId, partnerOrg)))
        throw new SubscriptionNotFound();
      return { queued: await this.deliveries.redeliverDead(manager, subscriptionId, eventIds, this.clock.now()) };
    });
  }

  /**
   * Queues again every stored event received from `from` on that the
   * subscription matches and the partner is entitled to today - the same
   * decision as for live events, taken now (a withdrawn consent replays nothing).
   */
  async replay(partnerOrg: string, subscriptionId: string, from: Date): Promise<{ queued: number }> {
    return inTransaction(this.dataSource, async (manager) => {
      const subscription = await this.subscriptions.findOwnForUpdate(manager, subscriptionId, partnerOrg);
      if (!subscription) throw new SubscriptionNotFound();
      const now = this.clock.now();
      const today = LocalDate.fromInstant(now).toString();
      const events = await this.entitlements.eventsSince(manager, from, MAX_REPLAY_EVENTS);
      const records = await this.entitlements.recordsOf(
        manager,
        events.map((e) => e.pathwayid),
      );
      const access = new Map([...records].map(([pathwayId, r]) => [pathwayId, pathwayAccessFacts(r)]));
      const rows = events
        .filter((event) => {
          const pathway = records.get(event.pathwayid) ?? NO_RECORDS;
          const notified = {
            type: event.type,
            classification: event.classification,
            pathwayId: event.pathwayid,
            municipalityCode: pathway.municipalityCode,
          };
          return (
            matchesFilter(subscription, notified) &&
            partnerMayReadEvent(access.get(event.pathwayid) ?? pathwayAccessFacts(pathway), partnerOrg, event, today)
          );
        })
        .map((event) => ({ subscriptionId, pathwayId: event.pathwayid, eventId: event.id }));
      await this.deliveries.enqueue(manager, rows, now);
      return { queued: rows.length };
    });
  }

  /**
   * Sends one signed test notification to the subscription's callback, now,
   * whatever its status (the partner asked for it), outside the queue and the
   * delivery log, and answers how the callback responded.
   */
  async testDelivery(partnerOrg: string, subscriptionId: string): Promise<TestDelivery> {
    const subscription = await this.own(partnerOrg, subscriptionId);
    const sealed = await this.subscriptions.sealedSecret(this.dataSource.manager, subscriptionId);
    if (!sealed) throw new SubscriptionNotFound();
    const secret = this.cipher.open(sealed, subscriptionId);
    const sentAt = this.clock.now();
    const notificationId = randomUUID();
    const webhookId = `msg_test_${notificationId}`;
    const body = JSON.stringify(
      testNotification(subscriptionId, notificationId, sentAt, TEST_SOURCE, this.config.publicUrl),
    );
    const result = await this.webhooks.post(
      { url: subscription.callbackUrl, headers: { ...signWebhook(secret, webhookId, sentAt, body) }, body },
      this.config.httpTimeoutMs,
    );
    return { webhookId, notificationId, sentAt, result };
  }

  private async own(partnerOrg: string, subscriptionId: string): Promise<SubscriptionRecord> {
    const found = await this.subscriptions.findOwn(this.dataSource.manager, subscriptionId, partnerOrg);
    if (!found) throw new SubscriptionNotFound();
    return found;
  }

  /**
   * The URL rule, the address rule (a host that resolves to the gateway's own
   * network is refused before any request goes there; deliveries check again at
   * every connection), then the CloudEvents validation handshake: an unverified
   * URL is never stored.
   */
  private async verifyCallback(callbackUrl: string): Promise<void> {
    const problem =
      callbackUrlProblem(callbackUrl, this.config.production) ?? (await this.addresses.problemOf(new URL(callbackUrl)));
    if (problem !== null) throw new SubscriptionInputRejected([{ field: 'callbackUrl', messages: [problem] }]);
    const origin = new URL(this.config.publicUrl).host;
    if (!(await this.webhooks.handshake(callbackUrl, origin, this.config.httpTimeoutMs))) {
      throw new SubscriptionInputRejected([
        {
          field: 'callbackUrl',
          messages: [
            `callbackUrl did not pass the webhook validation handshake (OPTIONS with WebHook-Request-Origin: ${origin})`,
          ],
        },
      ]);
    }
  }
}
