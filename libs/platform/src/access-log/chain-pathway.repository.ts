import type { EntityManager } from 'typeorm';
import type { PathwayResponsibility } from './pathway-access-log.query';

/**
 * What a participating service remembers of the chain about pathways it holds
 * records of, in its own `chain_pathway (pathway_id uuid PK, municipality_code
 * text, merged_into uuid)` and `personal_data_erasure (erasure_id uuid PK,
 * pathway_id uuid, erased_at timestamptz)` tables: the responsible
 * municipality (for the access log), merges (so reads and erasures of a
 * pathway reach the records kept under the ones merged into it) and the
 * erasures it answered. Every method takes the transaction's EntityManager.
 *
 * Only pathways the service holds records of are remembered (data
 * minimisation): `holdsRecordsOf` is the service's SQL condition on the
 * pathway id `$1`, e.g. `EXISTS (SELECT 1 FROM court_case WHERE pathway_id = $1)`.
 */
export class ChainPathwayRepository implements PathwayResponsibility {
  constructor(private readonly holdsRecordsOf: string) {}

  /** Remembers `municipalityCode` as responsible for the pathway, if the service holds records of it. */
  async rememberMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code) SELECT $1, $2 WHERE (${this.holdsRecordsOf})
       ON CONFLICT (pathway_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code`,
      [pathwayId, municipalityCode],
    );
  }

  /** Remembers that the municipality merged a pathway the service holds records of into `intoPathwayId`. */
  async rememberMerge(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
    municipalityCode: string,
  ): Promise<void> {
    const merged: unknown[] = await manager.query(
      `INSERT INTO chain_pathway (pathway_id, municipality_code, merged_into) SELECT $1, $2, $3 WHERE (${this.holdsRecordsOf})
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

  /** Records the erasure; `false` (and no change) when this erasure id was already answered. */
  async recordErasure(manager: EntityManager, erasureId: string, pathwayId: string, at: Date): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO personal_data_erasure (erasure_id, pathway_id, erased_at) VALUES ($1, $2, $3)
       ON CONFLICT (erasure_id) DO NOTHING RETURNING erasure_id`,
      [erasureId, pathwayId, at],
    );
    return inserted.length > 0;
  }
}
