import { In, type EntityManager } from 'typeorm';
import type { CourtFactStore, ReceivedCourtFact } from '../../application/court-fact-store.port';
import type { CourtFact } from '../../domain/court/court-instrument.history';
import { CourtFactRecord } from './court-fact.record';

/** Court facts per pathway. Every method takes the transaction's EntityManager (STYLE.md rule 4). */
export class CourtFactRepository implements CourtFactStore {
  /** Inserts the fact; an event id recorded before is left as it is (redelivery). */
  async record(manager: EntityManager, received: ReceivedCourtFact): Promise<void> {
    await manager
      .getRepository(CourtFactRecord)
      .createQueryBuilder()
      .insert()
      .values({
        eventId: received.eventId,
        pathwayId: received.pathwayId,
        municipalityCode: received.municipalityCode,
        kind: received.fact.kind,
        at: new Date(received.fact.at),
        fact: received.fact,
      })
      .orIgnore()
      .execute();
  }

  async listFor(
    manager: EntityManager,
    municipalityCode: string,
    pathwayIds: readonly string[],
  ): Promise<Map<string, CourtFact[]>> {
    const byPathway = new Map<string, CourtFact[]>();
    if (pathwayIds.length === 0) return byPathway;
    const records = await manager.getRepository(CourtFactRecord).find({
      where: { municipalityCode, pathwayId: In([...pathwayIds]) },
      order: { at: 'ASC', recordedAt: 'ASC' },
    });
    for (const record of records) {
      const facts = byPathway.get(record.pathwayId) ?? [];
      facts.push(record.fact as CourtFact);
      byPathway.set(record.pathwayId, facts);
    }
    return byPathway;
  }
}
