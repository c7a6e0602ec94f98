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
}
