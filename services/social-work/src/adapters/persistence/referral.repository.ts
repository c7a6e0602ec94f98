import type { EntityManager } from 'typeorm';
import type { ReferralStore } from '../../application/social-work-store.port';
import type { ReceivedReferral, ReferralStatus } from '../../domain/referral/received-referral';
import type { DeclineReason, ReferralReason } from '../../domain/social-work.codes';
import type { ReferralMade } from '../../domain/social-work.events';

interface ReceivedReferralRow {
  referral_id: string;
  pathway_id: string;
  from_org: string;
  to_org: string;
  reason: ReferralReason;
  urgent: boolean;
  warm: boolean;
  made_at: Date;
  received_at: Date;
  status: ReferralStatus;
  decided_at: Date | null;
  decline_reason: DeclineReason | null;
  first_contact_at: Date | null;
}

const COLUMNS =
  'referral_id, pathway_id, from_org, to_org, reason, urgent, warm, made_at, received_at, status, decided_at, decline_reason, first_contact_at';

function toReferral(row: ReceivedReferralRow): ReceivedReferral {
  return {
    referralId: row.referral_id,
    pathwayId: row.pathway_id,
    fromOrg: row.from_org,
    toOrg: row.to_org,
    reason: row.reason,
    urgent: row.urgent,
    warm: row.warm,
    madeAt: row.made_at,
    receivedAt: row.received_at,
    status: row.status,
    decidedAt: row.decided_at,
    declineReason: row.decline_reason,
    firstContactAt: row.first_contact_at,
  };
}

/** Referral inboxes and onward referrals in PostgreSQL, scoped per social-work organisation. */
export class ReferralRepository implements ReferralStore {
  async insertIfNew(manager: EntityManager, r: ReceivedReferral): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO received_referral (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (referral_id) DO NOTHING RETURNING referral_id`,
      [
        r.referralId,
        r.pathwayId,
        r.fromOrg,
        r.toOrg,
        r.reason,
        r.urgent,
        r.warm,
        r.madeAt,
        r.receivedAt,
        r.status,
        r.decidedAt,
        r.declineReason,
        r.firstContactAt,
      ],
    );
    return inserted.length > 0;
  }

  async loadForUpdate(
    manager: EntityManager,
    organisation: string,
    referralId: string,
  ): Promise<ReceivedReferral | undefined> {
    const rows: ReceivedReferralRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM received_referral WHERE referral_id = $1 AND to_org = $2 FOR UPDATE`,
      [referralId, organisation],
    );
    return rows[0] ? toReferral(rows[0]) : undefined;
  }

  async loadOnPathwayForUpdate(
    manager: EntityManager,
    organisation: string,
    pathwayId: string,
  ): Promise<ReceivedReferral[]> {
    const rows: ReceivedReferralRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM received_referral WHERE to_org = $1 AND pathway_id = $2 ORDER BY made_at DESC FOR UPDATE`,
      [organisation, pathwayId],
    );
    return rows.map(toReferral);
  }

  async update(manager: EntityManager, r: ReceivedReferral): Promise<void> {
    await manager.query(
      `UPDATE received_referral SET status = $3, decided_at = $4, decline_reason = $5, first_contact_at = $6
       WHERE referral_id = $1 AND to_org = $2`,
      [r.referralId, r.toOrg, r.status, r.decidedAt, r.declineReason, r.firstContactAt],
    );
  }

  async list(manager: EntityManager, organisation: string, status?: ReferralStatus): Promise<ReceivedReferral[]> {
    // Urgent referrals first, then the longest waiting.
    const rows: ReceivedReferralRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM received_referral WHERE to_org = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY urgent DESC, made_at ASC, referral_id`,
      [organisation, status ?? null],
    );
    return rows.map(toReferral);
  }

  async find(manager: EntityManager, organisation: string, referralId: string): Promise<ReceivedReferral | undefined> {
    const rows: ReceivedReferralRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM received_referral WHERE referral_id = $1 AND to_org = $2`,
      [referralId, organisation],
    );
    return rows[0] ? toReferral(rows[0]) : undefined;
  }

  async listOnPathway(manager: EntityManager, organisation: string, pathwayId: string): Promise<ReceivedReferral[]> {
    const rows: ReceivedReferralRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM received_referral WHERE to_org = $1 AND pathway_id = $2 ORDER BY made_at DESC, referral_id`,
      [organisation, pathwayId],
    );
    return rows.map(toReferral);
  }

  async insertOnward(manager: EntityManager, made: ReferralMade): Promise<void> {
    const d = made.data;
    await manager.query(
      `INSERT INTO onward_referral (referral_id, pathway_id, from_org, to_org, reason, urgent, warm, made_at, resident_pseudonym)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [d.referralId, made.pathwayId, d.fromOrg, d.toOrg, d.reason, d.urgent, d.warm, d.at, d.residentPseudonym ?? null],
    );
  }
}
