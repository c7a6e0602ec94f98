import { ChainPathwayRepository } from '@ketenpad/platform';
import type { PathwayPrivacyStore } from '../../application/pathway-privacy.port';

/** A pathway the court liaison knows: it has a case of it, or received a referral on it. */
const KNOWS = `(EXISTS (SELECT 1 FROM court_case WHERE pathway_id = $1) OR EXISTS (SELECT 1 FROM court_referral WHERE pathway_id = $1))`;

/** `chain_pathway` and `personal_data_erasure` in PostgreSQL. */
export class PathwayPrivacyRepository extends ChainPathwayRepository implements PathwayPrivacyStore {
  constructor() {
    super(KNOWS);
  }
}
