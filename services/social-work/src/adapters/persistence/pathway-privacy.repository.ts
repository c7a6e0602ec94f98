import type { EntityManager } from 'typeorm';
import { ChainPathwayRepository } from '@ketenpad/platform';
import type { PathwayPrivacyStore } from '../../application/pathway-privacy.port';

/** A pathway social work holds any record of: in an inbox, in a caseload, or referred onward. */
const HOLDS_RECORDS_OF = `(EXISTS (SELECT 1 FROM received_referral WHERE pathway_id = $1)
  OR EXISTS (SELECT 1 FROM caseload_pathway WHERE pathway_id = $1)
  OR EXISTS (SELECT 1 FROM onward_referral WHERE pathway_id = $1))`;

/** `chain_pathway` and `personal_data_erasure` in PostgreSQL, and the erasure of social work's personal data. */
export class PathwayPrivacyRepository extends ChainPathwayRepository implements PathwayPrivacyStore {
  constructor() {
    super(HOLDS_RECORDS_OF);
  }

  async erasePersonalData(manager: EntityManager, pathwayIds: readonly string[]): Promise<void> {
    await manager.query('UPDATE onward_referral SET resident_pseudonym = NULL WHERE pathway_id = ANY($1::uuid[])', [
      pathwayIds,
    ]);
    // Published events stay in the outbox for a retention period, and the referrals among
    // them carry the pseudonym. A row not yet published is left to the relay: deleting it
    // would lose a chain fact (the relay runs within seconds; the purge removes it later).
    await manager.query(
      `DELETE FROM outbox WHERE aggregate_type = 'pathway' AND aggregate_id = ANY($1::text[]) AND sent_at IS NOT NULL`,
      [pathwayIds],
    );
  }
}
