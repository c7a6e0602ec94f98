import type { EntityManager } from 'typeorm';
import type { PathwayPrivacyStore } from '../../application/pathway-privacy.port';

/** A pathway the practices know: a consent's episode pathway, a referral's pathway, or the pathway a referral follows. */
const KNOWS = `(EXISTS (SELECT 1 FROM patient_consent WHERE pathway_id = $1)
  OR EXISTS (SELECT 1 FROM referral WHERE pathway_id = $1 OR followed_pathway_id = $1))`;

/** `chain_pathway` and `personal_data_erasure` in PostgreSQL, and the erasure of the practices' personal data. */
export class PathwayPrivacyRepository implements PathwayPrivacyStore {
  async rememberMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code) SELECT $1, $2 WHERE ${KNOWS}
       ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code`,
      [pathwayId, municipalityCode],
    );
  }

  async rememberMerge(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
    municipalityCode: string,
  ): Promise<void> {
    const merged: unknown[] = await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code, merged_into) SELECT $1, $2, $3 WHERE ${KNOWS}
       ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, merged_into = EXCLUDED.merged_into
       RETURNING pathway_id`,
      [pathwayId, municipalityCode, intoPathwayId],
    );
    if (merged.length === 0) return;
    // The merging municipality is responsible for the surviving pathway too.
    await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code) VALUES ($1, $2)
       ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code`,
      [intoPathwayId, municipalityCode],
    );
  }

  async responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null> {
    const rows: Array<{ municipality_code: string }> = await manager.query(
      'SELECT municipality_code FROM chain_pathway WHERE pathway_id = $1',
      [pathwayId],
    );
    return rows[0]?.municipality_code ?? null;
  }

  async pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]> {
    // UNION (not UNION ALL) stops on a cycle, should a merge ever be recorded twice the other way round.
    const rows: Array<{ pathway_id: string }> = await manager.query(
      `WITH RECURSIVE merged (pathway_id) AS (
         SELECT $1::uuid
         UNION
         SELECT c.pathway_id FROM chain_pathway c JOIN merged m ON c.merged_into = m.pathway_id
       )
       SELECT pathway_id FROM merged`,
      [pathwayId],
    );
    return rows.map((r) => r.pathway_id);
  }

  async recordErasure(manager: EntityManager, erasureId: string, pathwayId: string, at: Date): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO personal_data_erasure (erasure_id, pathway_id, erased_at) VALUES ($1, $2, $3)
       ON CONFLICT (erasure_id) DO NOTHING RETURNING erasure_id`,
      [erasureId, pathwayId, at],
    );
    return inserted.length > 0;
  }

  async erasePersonalData(manager: EntityManager, pathwayIds: readonly string[]): Promise<void> {
    // Locked, so a referral or withdrawal on one of these consents cannot commit in between.
    const consents: Array<{ consent_id: string; pathway_id: string }> = await manager.query(
      `SELECT consent_id, pathway_id FROM patient_consent
        WHERE pathway_id = ANY($1::uuid[])
           OR consent_id IN (SELECT consent_id FROM referral WHERE pathway_id = ANY($1::uuid[]) OR followed_pathway_id = ANY($1::uuid[]))
        ORDER BY consent_id FOR UPDATE`,
      [pathwayIds],
    );
    const consentIds = consents.map((c) => c.consent_id);
    await manager.query('DELETE FROM referral WHERE consent_id = ANY($1::uuid[])', [consentIds]);
    await manager.query('DELETE FROM patient_consent WHERE consent_id = ANY($1::uuid[])', [consentIds]);
    // Published events stay in the outbox for a retention period, and the referrals among
    // them carry the pseudonym. A row not yet published is left to the relay: deleting it
    // would lose a chain fact (the relay runs within seconds; the purge removes it later).
    const episodes = [...new Set([...pathwayIds, ...consents.map((c) => c.pathway_id)])];
    await manager.query(
      `DELETE FROM outbox WHERE aggregate_type = 'pathway' AND aggregate_id = ANY($1::text[]) AND sent_at IS NOT NULL`,
      [episodes],
    );
  }
}
