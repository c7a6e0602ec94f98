import type { DataSource } from 'typeorm';
import type { AttemptRecord, DeadLetterRecord, DeliveryRepository } from '../adapters/persistence/delivery.repository';
import type { SubscriptionRecord, SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import { SubscriptionNotFound } from './application.errors';

/** Reads of a partner's own subscriptions and their delivery log. */
export class SubscriptionQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  list(partnerOrg: string): Promise<SubscriptionRecord[]> {
    return this.subscriptions.listOwn(this.dataSource.manager, partnerOrg);
  }

  async get(partnerOrg: string, subscriptionId: string): Promise<SubscriptionRecord> {
    const found = await this.subscriptions.findOwn(this.dataSource.manager, subscriptionId, partnerOrg);
    if (!found) throw new SubscriptionNotFound();
    return found;
  }

  /** The subscription's attempts, newest first. */
  async attempts(
    partnerOrg: string,
    subscriptionId: string,
    options: { since?: Date; limit: number },
  ): Promise<AttemptRecord[]> {
    await this.get(partnerOrg, subscriptionId);
    return this.deliveries.attempts(this.dataSource.manager, subscriptionId, options);
  }

  async deadLetters(partnerOrg: string, subscriptionId: string): Promise<DeadLetterRecord[]> {
    await this.get(partnerOrg, subscriptionId);
    return this.deliveries.deadLetters(this.dataSource.manager, subscriptionId);
  }
}
