import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import type { PartnerEntitlement } from '../../domain/entitlement.policy';

interface ReferralRow {
  to_org: string;
  declined: boolean;
}
interface ConsentRow {
  grantee: string;
  scope: string[];
  valid_until: string | null;
  withdrawn_at: Date | null;
}

/** A consumed chain event as the gateway keeps it, to serve through `dataref` and to replay. */
export interface StoredEvent {
  readonly seq: string;
  readonly envelope: EventEnvelope;
}

/**
 * The gateway's projection of the chain: the events it may have to serve,
 * each pathway's municipality, and who participates in or has consent for
 * which pathway. Written only from the inbox transaction.
 */
export class EntitlementRepository {
  async storeEvent(manager: EntityManager, event: EventEnvelope, receivedAt: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO chain_event (event_id, pathway_id, type, source, time, classification, envelope, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [
        event.id,
        event.pathwayid,
        event.type,
        event.source,
        event.time,
        event.classification,
        JSON.stringify(event),
        receivedAt,
      ],
    );
    return rows.length > 0;
  }

  async recordMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO pathway_municipality (pathway_id, municipality_code) VALUES ($1, $2) ON CONFLICT (pathway_id) DO NOTHING`,
      [pathwayId, municipalityCode],
    );
  }

  async municipalityOf(manager: EntityManager, pathwayId: string): Promise<string | null> {
    const rows: { municipality_code: string }[] = await manager.query(
      `SELECT municipality_code FROM pathway_municipality WHERE pathway_id = $1`,
      [pathwayId],
    );
    return rows[0]?.municipality_code ?? null;
  }

  async recordReferral(
    manager: EntityManager,
    referral: { referralId: string; pathwayId: string; toOrg: string; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO pathway_referral (referral_id, pathway_id, to_org, made_at) VALUES ($1, $2, $3, $4) ON CONFLICT (referral_id) DO NOTHING`,
      [referral.referralId, referral.pathwayId, referral.toOrg, referral.at],
    );
  }

  async declineReferral(manager: EntityManager, referralId: string, at: string): Promise<void> {
    await manager.query(`UPDATE pathway_referral SET declined_at = $2 WHERE referral_id = $1 AND declined_at IS NULL`, [
      referralId,
      at,
    ]);
  }

  async recordConsent(
    manager: EntityManager,
    consent: {
      consentId: string;
      pathwayId: string;
      grantee: string;
      scope: readonly string[];
      validUntil: string | null;
      at: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO pathway_consent (consent_id, pathway_id, grantee, scope, valid_until, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (consent_id) DO NOTHING`,
      [consent.consentId, consent.pathwayId, consent.grantee, [...consent.scope], consent.validUntil, consent.at],
    );
  }

  async withdrawConsent(manager: EntityManager, consentId: string, at: string): Promise<void> {
    await manager.query(`UPDATE pathway_consent SET withdrawn_at = $2 WHERE consent_id = $1 AND withdrawn_at IS NULL`, [
      consentId,
      at,
    ]);
  }

  /** Every organisation with a referral or consent on the pathway, by URN. */
  async entitlementsOf(manager: EntityManager, pathwayId: string): Promise<Map<string, PartnerEntitlement>> {
    const referrals: ReferralRow[] = await manager.query(
      `SELECT to_org, declined_at IS NOT NULL AS declined FROM pathway_referral WHERE pathway_id = $1`,
      [pathwayId],
    );
    const consents: ConsentRow[] = await manager.query(
      `SELECT grantee, scope, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, withdrawn_at FROM pathway_consent WHERE pathway_id = $1`,
      [pathwayId],
    );
    const result = new Map<string, { participates: boolean; consents: PartnerEntitlement['consents'][number][] }>();
    const of = (urn: string) => {
      let entry = result.get(urn);
      if (!entry) result.set(urn, (entry = { participates: false, consents: [] }));
      return entry;
    };
    for (const referral of referrals) if (!referral.declined) of(referral.to_org).participates = true;
    for (const consent of consents)
      of(consent.grantee).consents.push({
        scope: consent.scope,
        validUntil: consent.valid_until,
        withdrawnAt: consent.withdrawn_at,
      });
    return result;
  }

  async findEvent(manager: EntityManager, eventId: string): Promise<StoredEvent | undefined> {
    const rows: { seq: string; envelope: EventEnvelope }[] = await manager.query(
      `SELECT seq, envelope FROM chain_event WHERE event_id = $1`,
      [eventId],
    );
    return rows[0];
  }

  /** Events received from `from` on, in arrival order: the source of a replay. */
  async eventsSince(manager: EntityManager, from: Date, limit: number): Promise<EventEnvelope[]> {
    const rows: { envelope: EventEnvelope }[] = await manager.query(
      `SELECT envelope FROM chain_event WHERE received_at >= $1 ORDER BY seq LIMIT $2`,
      [from, limit],
    );
    return rows.map((row) => row.envelope);
  }
}
