import type { EntityManager } from 'typeorm';
import { ChainPathwayRepository } from '@ketenpad/platform';
import type { PathwayPrivacyStore } from '../../application/pathway-privacy.port';

/** A pathway the practices know: a consent's episode pathway, a referral's pathway, or the pathway a referral follows. */
const KNOWS = `(EXISTS (SELECT 1 FROM patient_consent WHERE pathway_id = $1)
  OR EXISTS (SELECT 1 FROM referral WHERE pathway_id = $1 OR followed_pathway_id = $1))`;

/** `chain_pathway` and `personal_data_erasure` in PostgreSQL, and the erasure of the practices' personal data. */
export class PathwayPrivacyRepository extends ChainPathwayRepository implements PathwayPrivacyStore {
  constructor() {
    super(KNOWS);
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
