import type { EntityManager } from 'typeorm';
import { ChainPathwayRepository } from '@ketenpad/platform';

/**
 * A pathway the gateway holds records of: one it keeps an event copy of. The
 * gateway consumes every chain event, so that is any pathway it has seen an
 * event of, and it already keeps each one's municipality for the partners'
 * subscription filters; merges add nothing beyond the pathway ids.
 */
const HOLDS_RECORDS_OF = `EXISTS (SELECT 1 FROM chain_event WHERE pathway_id = $1)`;

/**
 * `chain_pathway` (responsible municipality, merges) and
 * `personal_data_erasure` in PostgreSQL: whom the gateway shows a pathway's
 * access log, and which pathways an erasure request reaches.
 */
export class PathwayPrivacyRepository extends ChainPathwayRepository {
  constructor() {
    super(HOLDS_RECORDS_OF);
  }

  /**
   * Whether the personal data of the pathway was erased: an erasure was
   * recorded for it or for a pathway it was merged into, directly or through
   * other merges - the erased set of that erasure holds it, also when the
   * merge was recorded only after the erasure.
   */
  async wasErased(manager: EntityManager, pathwayId: string): Promise<boolean> {
    // UNION (not UNION ALL) stops on a cycle, as in pathwayWithMerged.
    const rows: Array<{ erased: boolean }> = await manager.query(
      `WITH RECURSIVE surviving (pathway_id) AS (
         SELECT $1::uuid
         UNION
         SELECT c.merged_into FROM chain_pathway c JOIN surviving s ON c.pathway_id = s.pathway_id
          WHERE c.merged_into IS NOT NULL
       )
       SELECT EXISTS (SELECT 1 FROM personal_data_erasure e JOIN surviving s ON e.pathway_id = s.pathway_id) AS erased`,
      [pathwayId],
    );
    return rows[0]?.erased === true;
  }
}
