import type { EntityManager } from 'typeorm';
import type { PathwayResponsibility } from '@ketenpad/platform';

/**
 * What the timeline knows of a pathway's responsibility and merges, for its
 * access log (see `PathwayAccessLogQuery`), read from the summaries the
 * projection keeps: the municipality of the pathway's events and the
 * `mergedInto` of every pathway the municipality merged. A pathway the
 * timeline has not seen has no responsible municipality here (so: not found).
 */
export class PathwayResponsibilityRepository implements PathwayResponsibility {
  async responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null> {
    const rows: Array<{ municipality_code: string | null }> = await manager.query(
      'SELECT municipality_code FROM pathway_summary WHERE pathway_id = $1',
      [pathwayId],
    );
    return rows[0]?.municipality_code ?? null;
  }

  /** The pathway and every pathway merged into it, directly or through another merge. */
  async pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]> {
    return pathwayWithMerged(manager, pathwayId);
  }
}

/** The pathway and every pathway merged into it, directly or through another merge (lower-case ids). */
export async function pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]> {
  // One lookup per level of merges, by the merged-into index (see its migration). A recursive CTE would
  // not use it: the planner cannot estimate the join with its work table and reads every summary.
  const found = new Set([pathwayId.toLowerCase()]);
  for (let level = [...found]; level.length > 0; ) {
    const rows: Array<{ pathway_id: string }> = await manager.query(
      `SELECT pathway_id FROM pathway_summary WHERE state->>'mergedInto' = ANY($1::text[])`,
      [level],
    );
    // Only ids not seen before go round again, so a merge recorded twice the other way round ends too.
    level = rows.map((r) => r.pathway_id).filter((id) => !found.has(id));
    for (const id of level) found.add(id);
  }
  return [...found];
}
