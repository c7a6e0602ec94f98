import type { EntityManager } from 'typeorm';
import type { CourtCaseStore, StoredCourtCase } from '../../application/court-case-store.port';
import { initialCourtCaseState, type CourtCaseState } from '../../domain/court-case/court-case.state';
import { CourtCaseRecord, CourtReferralRecord } from './court-case.record';

/** Someone else saved the case between our load and our save. */
export class ConcurrentCaseModification extends Error {
  override readonly name = 'ConcurrentCaseModification';
}

/**
 * Court cases and their referrals. Every method takes the transaction's
 * `EntityManager` explicitly (STYLE.md rule 4) and is scoped to an
 * organisation: a case of another organisation is simply not found.
 */
export class CourtCaseRepository implements CourtCaseStore {
  async loadForUpdate(
    manager: EntityManager,
    organisationId: string,
    pathwayId: string,
  ): Promise<StoredCourtCase | undefined> {
    const record = await manager
      .getRepository(CourtCaseRecord)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.organisation_id = :organisationId AND c.pathway_id = :pathwayId', { organisationId, pathwayId })
      .getOne();
    return record ? stored(record) : undefined;
  }

  async loadOrCreateForUpdate(
    manager: EntityManager,
    organisationId: string,
    pathwayId: string,
  ): Promise<StoredCourtCase> {
    // ON CONFLICT DO NOTHING waits for a concurrent inserter and then sees its row,
    // so two first commands on the same case serialise on the row lock below.
    await manager
      .createQueryBuilder()
      .insert()
      .into(CourtCaseRecord)
      .values({
        organisationId,
        pathwayId,
        status: 'new',
        state: initialCourtCaseState(pathwayId, organisationId),
        version: 0,
      })
      .orIgnore()
      .execute();
    const loaded = await this.loadForUpdate(manager, organisationId, pathwayId);
    if (!loaded) throw new Error(`court case ${organisationId}/${pathwayId} vanished after insert`);
    return loaded;
  }

  async load(manager: EntityManager, organisationId: string, pathwayId: string): Promise<StoredCourtCase | undefined> {
    const record = await manager.getRepository(CourtCaseRecord).findOneBy({ organisationId, pathwayId });
    return record ? stored(record) : undefined;
  }

  async list(manager: EntityManager, organisationId: string): Promise<CourtCaseState[]> {
    const records = await manager
      .getRepository(CourtCaseRecord)
      .createQueryBuilder('c')
      .where("c.organisation_id = :organisationId AND c.status <> 'new'", { organisationId })
      .orderBy('c.updated_at', 'DESC')
      .addOrderBy('c.pathway_id')
      .getMany();
    return records.map((record) => stored(record).state);
  }

  async update(manager: EntityManager, state: CourtCaseState, expectedVersion: number): Promise<StoredCourtCase> {
    const version = expectedVersion + 1;
    const result = await manager
      .getRepository(CourtCaseRecord)
      .createQueryBuilder()
      .update()
      .set({ status: state.status, state: state as unknown as object, version })
      .where('organisation_id = :organisationId AND pathway_id = :pathwayId AND version = :expectedVersion', {
        organisationId: state.organisationId,
        pathwayId: state.pathwayId,
        expectedVersion,
      })
      .execute();
    if (result.affected !== 1) {
      throw new ConcurrentCaseModification(`court case ${state.pathwayId} changed since version ${expectedVersion}`);
    }
    return { state, version };
  }

  async recordReferral(
    manager: EntityManager,
    organisationId: string,
    referralId: string,
    pathwayId: string,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CourtReferralRecord)
      .values({ organisationId, referralId, pathwayId })
      .orIgnore()
      .execute();
  }

  async pathwayOfReferral(
    manager: EntityManager,
    organisationId: string,
    referralId: string,
  ): Promise<string | undefined> {
    const record = await manager.getRepository(CourtReferralRecord).findOneBy({ organisationId, referralId });
    return record?.pathwayId;
  }
}

function stored(record: CourtCaseRecord): StoredCourtCase {
  return { state: record.state as CourtCaseState, version: record.version };
}
