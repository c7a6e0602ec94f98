import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { buildEvent, sourceFor } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import type { AccessLog } from '@ketenpad/platform';
import { inTransaction } from '@ketenpad/persistence';
import type { Clock } from '@ketenpad/runtime';
import type { ErasingService, PersonalDataErasure } from '../domain/erasure/personal-data-erasure';
import { ErasureNotRequested, PathwayNotFound } from './application.errors';
import type { ErasureStore } from './erasure-store.port';
import { MUNICIPALITY_TOPIC } from './pathway-event.envelope';
import type { PathwayStore } from './pathway-store.port';
import type { PathwayReader } from './pathway.query';

/** The municipality's privacy officer asking for an erasure. */
export interface ErasureRequester {
  readonly municipalityCode: string;
  /** Opaque user id (token `sub`), kept with the request. */
  readonly subject: string;
}

/** What a `personal-data-erased` answer of another service did; the consumer logs it. */
export type CompletionOutcome = 'recorded' | 'already-recorded' | 'unknown-erasure';

/**
 * Erases a resident's personal data on their request (AVG art. 17). In ONE
 * transaction the municipality deletes its resident record, destroys the
 * pathway's data key, records the request with its own completion and appends
 * `personal-data-erased` to the outbox, which asks every other service to do
 * the same; they answer with their own `personal-data-erased` (same erasureId),
 * recorded here as the request's completion per service.
 */
export class PersonalDataErasureHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly pathways: Pick<PathwayStore, 'loadForUpdate' | 'load' | 'erasePersonalData'>,
    private readonly erasures: ErasureStore,
    private readonly accessLog: Pick<AccessLog, 'record'>,
  ) {}

  /**
   * Erases the pathway's personal data; a pathway erased before answers its
   * existing request (idempotent). PathwayNotFound outside the requester's municipality.
   */
  async erase(
    requester: ErasureRequester,
    pathwayId: string,
  ): Promise<{ erasure: PersonalDataErasure; created: boolean }> {
    const result = await inTransaction(this.dataSource, async (manager) => {
      // Locked like every command on the pathway: nothing can set a resident meanwhile.
      const pathway = await this.pathways.loadForUpdate(manager, requester.municipalityCode, pathwayId);
      if (!pathway) throw new PathwayNotFound();
      const existing = await this.erasures.forPathway(manager, pathwayId);
      if (existing) return { erasure: existing, created: false };
      const at = this.clock.now().toISOString();
      const erasure: PersonalDataErasure = {
        erasureId: randomUUID(),
        pathwayId,
        requestedAt: at,
        requestedBy: requester.subject,
        completedAt: { municipality: at },
      };
      await this.pathways.erasePersonalData(manager, pathwayId);
      await this.erasures.insert(manager, erasure, requester.municipalityCode);
      const event = buildEvent({
        type: 'nl.ketenpad.municipality.personal-data-erased.v1',
        source: sourceFor('municipality', requester.municipalityCode),
        pathwayId,
        data: { erasureId: erasure.erasureId, at },
        time: at,
      });
      await this.outbox.append(manager, [event], { topic: MUNICIPALITY_TOPIC, aggregateType: 'pathway' });
      return { erasure, created: true };
    });
    if (result.created) this.outbox.afterCommit();
    return result;
  }

  /** The pathway's erasure request and its completion; ErasureNotRequested when there is none. Access-logged. */
  async status(reader: PathwayReader, municipalityCode: string, pathwayId: string): Promise<PersonalDataErasure> {
    const manager = this.dataSource.manager;
    if (!(await this.pathways.load(manager, municipalityCode, pathwayId))) throw new PathwayNotFound();
    const erasure = await this.erasures.forPathway(manager, pathwayId);
    if (!erasure) throw new ErasureNotRequested();
    await this.accessLog.record(reader.principal, [{ pathwayId, resource: 'erasure' }], reader.purpose);
    return erasure;
  }

  /** Another service's answer, in the inbox transaction it arrived in. */
  async recordCompletion(
    manager: EntityManager,
    answer: { readonly erasureId: string; readonly service: ErasingService; readonly at: Date },
  ): Promise<CompletionOutcome> {
    if (!(await this.erasures.byId(manager, answer.erasureId))) return 'unknown-erasure';
    return (await this.erasures.complete(manager, answer.erasureId, answer.service, answer.at))
      ? 'recorded'
      : 'already-recorded';
  }
}
