import type { EntityManager } from 'typeorm';
import type { ErasureStore } from '../../application/erasure-store.port';
import {
  ERASING_SERVICES,
  type ErasingService,
  type PersonalDataErasure,
} from '../../domain/erasure/personal-data-erasure';
import { ErasureCompletionRecord, ErasureRequestRecord } from './erasure.record';

/** Erasure requests and their completion per service. */
export class ErasureRepository implements ErasureStore {
  async forPathway(manager: EntityManager, pathwayId: string): Promise<PersonalDataErasure | undefined> {
    const request = await manager.getRepository(ErasureRequestRecord).findOneBy({ pathwayId });
    return request ? this.withCompletions(manager, request) : undefined;
  }

  async byId(manager: EntityManager, erasureId: string): Promise<PersonalDataErasure | undefined> {
    const request = await manager.getRepository(ErasureRequestRecord).findOneBy({ erasureId });
    return request ? this.withCompletions(manager, request) : undefined;
  }

  async insert(manager: EntityManager, erasure: PersonalDataErasure, municipalityCode: string): Promise<void> {
    await manager.getRepository(ErasureRequestRecord).insert({
      erasureId: erasure.erasureId,
      pathwayId: erasure.pathwayId,
      municipalityCode,
      requestedAt: new Date(erasure.requestedAt),
      requestedBy: erasure.requestedBy,
    });
    for (const [service, at] of Object.entries(erasure.completedAt)) {
      await this.complete(manager, erasure.erasureId, service as ErasingService, new Date(at));
    }
  }

  async complete(manager: EntityManager, erasureId: string, service: ErasingService, at: Date): Promise<boolean> {
    // The first answer counts; a service answering again (redelivery, replay) changes nothing.
    const rows: unknown[] = await manager.query(
      `INSERT INTO erasure_completion (erasure_id, service, completed_at) VALUES ($1, $2, $3)
       ON CONFLICT (erasure_id, service) DO NOTHING RETURNING service`,
      [erasureId, service, at],
    );
    return rows.length === 1;
  }

  private async withCompletions(manager: EntityManager, request: ErasureRequestRecord): Promise<PersonalDataErasure> {
    const completions = await manager.getRepository(ErasureCompletionRecord).findBy({ erasureId: request.erasureId });
    const completedAt: Partial<Record<ErasingService, string>> = {};
    for (const completion of completions) {
      const service = ERASING_SERVICES.find((s) => s === completion.service);
      if (service) completedAt[service] = completion.completedAt.toISOString();
    }
    return {
      erasureId: request.erasureId,
      pathwayId: request.pathwayId,
      requestedAt: request.requestedAt.toISOString(),
      requestedBy: request.requestedBy,
      completedAt,
    };
  }
}
