import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import { NO_RECORDS, type PathwayRecords } from '../../domain/partner-access.policy';

interface RecordsRow {
  pathway_id: string;
  municipality_code: string | null;
  referrals: { toOrg: string; declined: boolean }[];
  consents: { grantee: string; scope: string[]; validUntil: string | null; withdrawnAt: string | null }[];
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

  /** The pathway's municipality is that of its first municipality event (a merge, see `PathwayPrivacyRepository`, sets it too). */
  async recordMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code) VALUES ($1, $2) ON CONFLICT (pathway_id) DO NOTHING`,
      [pathwayId, municipalityCode],
    );
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

  /** The referrals, consents and municipality of each pathway, in one round trip (unknown pathways: {@link NO_RECORDS}). */
  async recordsOf(manager: EntityManager, pathwayIds: readonly string[]): Promise<Map<string, PathwayRecords>> {
    const unique = [...new Set(pathwayIds)];
    const result = new Map<string, PathwayRecords>(unique.map((id) => [id, NO_RECORDS]));
    if (unique.length === 0) return result;
    const rows: RecordsRow[] = await manager.query(
      `SELECT p.pathway_id,
              (SELECT municipality_code FROM chain_pathway m WHERE m.pathway_id = p.pathway_id) AS municipality_code,
              coalesce((SELECT json_agg(json_build_object('toOrg', to_org, 'declined', declined_at IS NOT NULL))
                          FROM pathway_referral r WHERE r.pathway_id = p.pathway_id), '[]') AS referrals,
              coalesce((SELECT json_agg(json_build_object('grantee', grantee, 'scope', scope,
                                        'validUntil', to_char(valid_until, 'YYYY-MM-DD'), 'withdrawnAt', withdrawn_at))
                          FROM pathway_consent c WHERE c.pathway_id = p.pathway_id), '[]') AS consents
         FROM unnest($1::uuid[]) AS p(pathway_id)`,
      [unique],
    );
    for (const row of rows)
      result.set(row.pathway_id, {
        municipalityCode: row.municipality_code,
        referrals: row.referrals,
        consents: row.consents.map((c) => ({
          grantee: c.grantee,
          scope: c.scope,
          validUntil: c.validUntil,
          withdrawnAt: c.withdrawnAt === null ? null : new Date(c.withdrawnAt),
        })),
      });
    return result;
  }

  /** One pathway's records (see {@link recordsOf}). */
  async recordsOfPathway(manager: EntityManager, pathwayId: string): Promise<PathwayRecords> {
    return (await this.recordsOf(manager, [pathwayId])).get(pathwayId) ?? NO_RECORDS;
  }

  /** Erasure: forgets the pathways' stored event copies (run after their deliveries are gone, which refer to them). */
  async eraseEvents(manager: EntityManager, pathwayIds: readonly string[]): Promise<number> {
    const [, affected]: [unknown, number] = await manager.query(
      `DELETE FROM chain_event WHERE pathway_id = ANY($1::uuid[])`,
      [pathwayIds],
    );
    return affected;
  }

  /**
   * Erasure reaching pathways the gateway learned of only later (a merge into
   * an erased pathway): strips `keys` from the `data` of their stored event
   * copies, keeping the non-personal facts. Returns the copies changed.
   */
  async stripEventData(
    manager: EntityManager,
    pathwayIds: readonly string[],
    keys: readonly string[],
  ): Promise<number> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE chain_event SET envelope = jsonb_set(envelope, '{data}', (envelope -> 'data') - $2::text[])
        WHERE pathway_id = ANY($1::uuid[]) AND (envelope -> 'data') ?| $2::text[]`,
      [pathwayIds, [...keys]],
    );
    return affected;
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
