import type { EntityManager } from 'typeorm';
import type { SubscriptionFilter } from '../../domain/subscription.filter';

export type SubscriptionStatus = 'active' | 'paused' | 'failing';

/** A partner's subscription as stored; the secret only sealed. */
export interface SubscriptionRecord extends SubscriptionFilter {
  readonly subscriptionId: string;
  /** Organisation id of the owning partner (`org_id` of its tokens). */
  readonly partnerOrg: string;
  readonly callbackUrl: string;
  readonly status: SubscriptionStatus;
  readonly verifiedAt: Date;
  readonly failingSince: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface SubscriptionRow {
  subscription_id: string;
  partner_org: string;
  callback_url: string;
  event_types: string[];
  municipalities: string[];
  classifications: string[];
  pathway_ids: string[];
  status: SubscriptionStatus;
  verified_at: Date;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `subscription_id, partner_org, callback_url, event_types, municipalities, classifications, pathway_ids, status, verified_at, failing_since, created_at, updated_at`;

/** Subscriptions. Every read by a partner names the partner, so another partner's rows are never found. */
export class SubscriptionRepository {
  async insert(manager: EntityManager, record: SubscriptionRecord, sealedSecret: Buffer): Promise<void> {
    await manager.query(
      `INSERT INTO subscription (${COLUMNS}, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [...toRow(record), sealedSecret],
    );
  }

  async update(manager: EntityManager, record: SubscriptionRecord): Promise<void> {
    await manager.query(
      `UPDATE subscription SET callback_url = $3, event_types = $4, municipalities = $5, classifications = $6, pathway_ids = $7, status = $8,
              verified_at = $9, failing_since = $10, updated_at = $11
        WHERE subscription_id = $1 AND partner_org = $2`,
      // created_at never changes; PostgreSQL refuses a parameter the statement does not use.
      toRow(record).filter((_, index) => index !== CREATED_AT_INDEX),
    );
  }

  async delete(manager: EntityManager, subscriptionId: string, partnerOrg: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `DELETE FROM subscription WHERE subscription_id = $1 AND partner_org = $2`,
      [subscriptionId, partnerOrg],
    );
    return affected > 0;
  }

  /** The partner's own subscription, locked for a change; undefined for a foreign or unknown id. */
  async findOwnForUpdate(
    manager: EntityManager,
    subscriptionId: string,
    partnerOrg: string,
  ): Promise<SubscriptionRecord | undefined> {
    const rows: SubscriptionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM subscription WHERE subscription_id = $1 AND partner_org = $2 FOR UPDATE`,
      [subscriptionId, partnerOrg],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async findOwn(
    manager: EntityManager,
    subscriptionId: string,
    partnerOrg: string,
  ): Promise<SubscriptionRecord | undefined> {
    const rows: SubscriptionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM subscription WHERE subscription_id = $1 AND partner_org = $2`,
      [subscriptionId, partnerOrg],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async listOwn(manager: EntityManager, partnerOrg: string): Promise<SubscriptionRecord[]> {
    const rows: SubscriptionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM subscription WHERE partner_org = $1 ORDER BY created_at, subscription_id`,
      [partnerOrg],
    );
    return rows.map(fromRow);
  }

  /** Every subscription that events are queued for (paused ones too: they get their backlog when resumed). */
  async all(manager: EntityManager): Promise<SubscriptionRecord[]> {
    const rows: SubscriptionRow[] = await manager.query(`SELECT ${COLUMNS} FROM subscription ORDER BY subscription_id`);
    return rows.map(fromRow);
  }

  async sealedSecret(manager: EntityManager, subscriptionId: string): Promise<Buffer | undefined> {
    const rows: { secret_sealed: Buffer }[] = await manager.query(
      `SELECT secret_sealed FROM subscription WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return rows[0]?.secret_sealed;
  }

  /**
   * Marks the subscription failing (a paused one stays paused, but remembers
   * since when it fails). True when it was not failing before: operators and
   * the partner are told once per failing episode, not once per dead letter.
   * The partner learns it from the API (`status`, `failingSince`, dead
   * letters); it is not notified on its other subscriptions: those deliver
   * chain events by pathway entitlement, and a message addressed to one
   * partner about its own subscription would need a second delivery path and
   * a second `dataref` read rule.
   */
  async markFailing(manager: EntityManager, subscriptionId: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows]: [{ newly: boolean }[], number] = await manager.query(
      `WITH before AS (SELECT subscription_id, failing_since FROM subscription WHERE subscription_id = $1 FOR UPDATE)
       UPDATE subscription s SET status = CASE WHEN s.status = 'paused' THEN s.status ELSE 'failing' END,
              failing_since = coalesce(s.failing_since, $2), updated_at = $2
         FROM before WHERE s.subscription_id = before.subscription_id
       RETURNING before.failing_since IS NULL AS newly`,
      [subscriptionId, at],
    );
    return rows[0]?.newly ?? false;
  }

  /** A delivery got through: a failing subscription is healthy again. */
  async markHealthy(manager: EntityManager, subscriptionId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE subscription SET status = CASE WHEN status = 'failing' THEN 'active' ELSE status END, failing_since = NULL, updated_at = $2
        WHERE subscription_id = $1 AND failing_since IS NOT NULL`,
      [subscriptionId, at],
    );
  }
}

/** Position of `created_at` in {@link toRow}. */
const CREATED_AT_INDEX = 10;

function toRow(r: SubscriptionRecord): unknown[] {
  return [
    r.subscriptionId,
    r.partnerOrg,
    r.callbackUrl,
    [...r.eventTypes],
    [...r.municipalities],
    [...r.classifications],
    [...r.pathwayIds],
    r.status,
    r.verifiedAt,
    r.failingSince,
    r.createdAt,
    r.updatedAt,
  ];
}

function fromRow(row: SubscriptionRow): SubscriptionRecord {
  return {
    subscriptionId: row.subscription_id,
    partnerOrg: row.partner_org,
    callbackUrl: row.callback_url,
    eventTypes: row.event_types,
    municipalities: row.municipalities,
    classifications: row.classifications,
    pathwayIds: row.pathway_ids,
    status: row.status,
    verifiedAt: row.verified_at,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
