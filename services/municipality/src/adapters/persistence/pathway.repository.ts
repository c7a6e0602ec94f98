import type { EntityManager } from 'typeorm';
import type { ResidentPseudonymiser } from '@ketenpad/privacy';
import { Bsn } from '../../domain/bsn';
import type { PathwayState } from '../../domain/pathway/pathway.state';
import type { ExportPeriod } from '../../domain/ddas/ddas-export.mapping';
import type { Resident, ResidentContact } from '../../domain/resident/resident';
import type { PathwayListItem, PathwayStore, StoredPathway } from '../../application/pathway-store.port';
import type { BsnBlindIndex } from './bsn.blind-index';
import { pathwayMapper } from './pathway.mapper';
import { PathwayRecord } from './pathway.record';
import type { ResidentDataCipher } from './resident-data.cipher';
import { PathwayDataKeyRecord, ResidentRecord } from './resident.record';

/** Someone else saved the pathway between our load and our save. */
export class ConcurrentPathwayModification extends Error {
  override readonly name = 'ConcurrentPathwayModification';
}

interface SealedResident {
  readonly bsn: string;
  readonly contact: ResidentContact;
}

/**
 * Pathways and their residents. Every method takes the transaction's
 * `EntityManager` explicitly (STYLE.md rule 4). Every lookup is scoped to a
 * municipality: a pathway of another municipality is simply not found.
 */
export class PathwayRepository implements PathwayStore {
  constructor(
    private readonly cipher: ResidentDataCipher,
    private readonly bsnIndex: BsnBlindIndex,
    private readonly pseudonymiser: ResidentPseudonymiser,
  ) {}

  /** Loads and locks the pathway row (SELECT … FOR UPDATE) for a command. */
  async loadForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    pathwayId: string,
  ): Promise<StoredPathway | undefined> {
    const record = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.pathway_id = :pathwayId AND p.municipality_code = :municipalityCode', { pathwayId, municipalityCode })
      .getOne();
    return record ? { state: pathwayMapper.toState(record), version: record.version } : undefined;
  }

  /**
   * Loads and locks a pathway whatever its municipality, for facts other
   * organisations publish about a pathway id (the pathway's own municipality acts).
   */
  async loadAnyForUpdate(manager: EntityManager, pathwayId: string): Promise<StoredPathway | undefined> {
    const record = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.pathway_id = :pathwayId', { pathwayId })
      .getOne();
    return record ? { state: pathwayMapper.toState(record), version: record.version } : undefined;
  }

  /** Loads without locking, for reads. */
  async load(manager: EntityManager, municipalityCode: string, pathwayId: string): Promise<StoredPathway | undefined> {
    const record = await manager.getRepository(PathwayRecord).findOneBy({ pathwayId, municipalityCode });
    return record ? { state: pathwayMapper.toState(record), version: record.version } : undefined;
  }

  /**
   * The not-yet-closed pathway of this resident in this municipality, locked,
   * found through the blind index. Serialises concurrent calls for the same
   * resident (transaction-scoped advisory lock), so two simultaneous help
   * requests cannot open two pathways.
   */
  async findOpenByResidentForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    bsn: Bsn,
  ): Promise<StoredPathway | undefined> {
    const index = this.bsnIndex.of(bsn);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `resident:${municipalityCode}:${index.toString('hex')}`,
    ]);
    const record = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .innerJoin(ResidentRecord, 'r', 'r.pathway_id = p.pathway_id')
      .setLock('pessimistic_write', undefined, ['p'])
      .where('r.municipality_code = :municipalityCode AND r.bsn_index = :index', { municipalityCode, index })
      .andWhere(`p.status <> 'closed'`)
      .orderBy('p.created_at', 'DESC')
      .getOne();
    return record ? { state: pathwayMapper.toState(record), version: record.version } : undefined;
  }

  /**
   * The not-yet-closed pathway of the resident with this chain pseudonym in
   * this municipality, locked. Serialised per pseudonym like
   * {@link findOpenByResidentForUpdate} is per BSN.
   */
  async findOpenByPseudonymForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    residentPseudonym: string,
  ): Promise<StoredPathway | undefined> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `pseudonym:${municipalityCode}:${residentPseudonym}`,
    ]);
    const record = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .innerJoin(ResidentRecord, 'r', 'r.pathway_id = p.pathway_id')
      .setLock('pessimistic_write', undefined, ['p'])
      .where('r.municipality_code = :municipalityCode AND r.resident_pseudonym = :residentPseudonym', {
        municipalityCode,
        residentPseudonym,
      })
      .andWhere(`p.status <> 'closed'`)
      // An erased pathway is never a merge target (its resident row is gone too; this holds regardless).
      .andWhere('NOT EXISTS (SELECT 1 FROM erasure_request e WHERE e.pathway_id = p.pathway_id)')
      .orderBy('p.created_at', 'DESC')
      .getOne();
    return record ? { state: pathwayMapper.toState(record), version: record.version } : undefined;
  }

  /**
   * The erased pathway this pathway id is, or was merged into; undefined when
   * neither was erased. Locks the pathways concerned first, as an erasure does,
   * so an erasure committing meanwhile is seen (READ COMMITTED: the second
   * statement reads after the lock was granted).
   */
  async erasedPathwayOf(manager: EntityManager, pathwayId: string): Promise<string | undefined> {
    await manager.query(
      `SELECT pathway_id FROM pathway
        WHERE pathway_id = $1 OR pathway_id IN (SELECT into_pathway_id FROM pathway_merge WHERE merged_pathway_id = $1)
        ORDER BY pathway_id FOR UPDATE`,
      [pathwayId],
    );
    const rows: Array<{ pathway_id: string }> = await manager.query(
      `SELECT e.pathway_id FROM erasure_request e
        WHERE e.pathway_id = $1 OR e.pathway_id IN (SELECT into_pathway_id FROM pathway_merge WHERE merged_pathway_id = $1)
        ORDER BY e.pathway_id = $1 DESC LIMIT 1`,
      [pathwayId],
    );
    return rows[0]?.pathway_id;
  }

  /** Records that the referral pathway id was merged into a pathway; the first merge of an id is kept. */
  async recordMerge(manager: EntityManager, mergedPathwayId: string, intoPathwayId: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO pathway_merge (merged_pathway_id, into_pathway_id, merged_at) VALUES ($1, $2, $3)
       ON CONFLICT (merged_pathway_id) DO NOTHING`,
      [mergedPathwayId, intoPathwayId, at],
    );
  }

  /**
   * Stores a new pathway (version 1) under a fresh data key, with its resident
   * when known (a pathway opened by a referral gets its resident later).
   */
  async insert(manager: EntityManager, state: PathwayState, resident?: Resident): Promise<StoredPathway> {
    await manager.getRepository(PathwayRecord).insert(pathwayMapper.toRecord(state, 1));
    const dataKey = this.cipher.newDataKey();
    try {
      await manager.getRepository(PathwayDataKeyRecord).insert({
        pathwayId: state.pathwayId,
        wrappedKey: this.cipher.wrapDataKey(dataKey, state.pathwayId),
      });
      if (resident) await this.writeResident(manager, state, resident, dataKey);
    } finally {
      dataKey.fill(0);
    }
    return { state, version: 1 };
  }

  /**
   * Sets (or replaces) the resident of an existing pathway, sealed under the
   * pathway's data key. Returns false when that key was destroyed (erased).
   */
  async saveResident(manager: EntityManager, state: PathwayState, resident: Resident): Promise<boolean> {
    const key = await manager.getRepository(PathwayDataKeyRecord).findOneBy({ pathwayId: state.pathwayId });
    if (!key) return false;
    const dataKey = this.cipher.unwrapDataKey(key.wrappedKey, state.pathwayId);
    try {
      await this.writeResident(manager, state, resident, dataKey);
    } finally {
      dataKey.fill(0);
    }
    return true;
  }

  private async writeResident(
    manager: EntityManager,
    state: PathwayState,
    resident: Resident,
    dataKey: Buffer,
  ): Promise<void> {
    const sealed: SealedResident = { bsn: resident.bsn.value, contact: resident.contact };
    await manager.getRepository(ResidentRecord).upsert(
      {
        pathwayId: state.pathwayId,
        municipalityCode: state.municipalityCode,
        bsnIndex: this.bsnIndex.of(resident.bsn),
        residentPseudonym: this.pseudonymiser.of(resident.bsn.value),
        sealedData: this.cipher.encrypt(dataKey, JSON.stringify(sealed), state.pathwayId),
      },
      ['pathwayId'],
    );
  }

  /** The municipality's pathways of the resident with this BSN (exact match on the blind index), newest first. */
  async findByResident(manager: EntityManager, municipalityCode: string, bsn: Bsn): Promise<PathwayListItem[]> {
    const records = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .innerJoin(ResidentRecord, 'r', 'r.pathway_id = p.pathway_id')
      .where('r.municipality_code = :municipalityCode AND r.bsn_index = :index', {
        municipalityCode,
        index: this.bsnIndex.of(bsn),
      })
      .orderBy('p.created_at', 'DESC')
      .limit(50)
      .getMany();
    return records.map((record) => listItemOf(pathwayMapper.toState(record)));
  }

  /** The municipality's pathways for a work list, earliest first-conversation deadline first. */
  async list(
    manager: EntityManager,
    municipalityCode: string,
    filter: { status?: PathwayState['status']; limit: number },
  ): Promise<PathwayListItem[]> {
    const query = manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .where('p.municipality_code = :municipalityCode', { municipalityCode })
      .orderBy('p.first_conversation_due', 'ASC', 'NULLS LAST')
      .addOrderBy('p.created_at', 'ASC')
      .limit(filter.limit);
    if (filter.status !== undefined) query.andWhere('p.status = :status', { status: filter.status });
    const records = await query.getMany();
    return records.map((record) => listItemOf(pathwayMapper.toState(record)));
  }

  /** Saves new state if nobody saved since `expectedVersion`; returns the new version. */
  async update(manager: EntityManager, state: PathwayState, expectedVersion: number): Promise<StoredPathway> {
    const record = pathwayMapper.toRecord(state, expectedVersion + 1);
    const result = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder()
      .update()
      .set({
        status: record.status,
        phase: record.phase,
        firstConversationDue: record.firstConversationDue,
        state: record.state,
        version: record.version,
      })
      .where('pathway_id = :pathwayId AND version = :expectedVersion', { pathwayId: state.pathwayId, expectedVersion })
      .execute();
    if (result.affected !== 1) {
      throw new ConcurrentPathwayModification(`pathway ${state.pathwayId} changed since version ${expectedVersion}`);
    }
    return { state, version: record.version };
  }

  /**
   * Erases the pathway's personal data for good: the resident record (BSN
   * blind index, chain pseudonym, sealed BSN and contact data) is deleted and
   * the data key destroyed, so any copy of the sealed data (a backup) can
   * never be decrypted again. The pathway's non-personal history stays.
   */
  async erasePersonalData(manager: EntityManager, pathwayId: string): Promise<void> {
    await manager.getRepository(ResidentRecord).delete({ pathwayId });
    await manager.getRepository(PathwayDataKeyRecord).delete({ pathwayId });
  }

  /**
   * Decrypts the resident of a pathway; undefined when there is none or its
   * data key was destroyed (erased).
   */
  async loadResident(manager: EntityManager, pathwayId: string): Promise<Resident | undefined> {
    const [resident, key] = await Promise.all([
      manager.getRepository(ResidentRecord).findOneBy({ pathwayId }),
      manager.getRepository(PathwayDataKeyRecord).findOneBy({ pathwayId }),
    ]);
    if (!resident || !key) return undefined;
    const dataKey = this.cipher.unwrapDataKey(key.wrappedKey, pathwayId);
    try {
      const sealed = JSON.parse(this.cipher.decrypt(dataKey, resident.sealedData, pathwayId)) as SealedResident;
      return { bsn: Bsn.parse(sealed.bsn), contact: sealed.contact };
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Pathways of the municipality with a help request, requested before the
   * period ends and not closed before it starts. The instants are compared
   * with a day's margin either side (Amsterdam vs UTC); the exact rule on
   * calendar dates is the domain's `wasActiveIn`.
   */
  async listActiveBetween(
    manager: EntityManager,
    municipalityCode: string,
    period: ExportPeriod,
  ): Promise<PathwayState[]> {
    const records = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .where('p.municipality_code = :municipalityCode', { municipalityCode })
      .andWhere(`p.state->>'requestedAt' IS NOT NULL`)
      .andWhere(`(p.state->>'requestedAt')::timestamptz < :requestedBefore`, {
        requestedBefore: `${period.to.plusDays(2).toString()}T00:00:00Z`,
      })
      .andWhere(`(p.state->'closure'->>'at' IS NULL OR (p.state->'closure'->>'at')::timestamptz >= :closedFrom)`, {
        closedFrom: `${period.from.plusDays(-1).toString()}T00:00:00Z`,
      })
      .orderBy('p.created_at', 'ASC')
      .getMany();
    return records.map((record) => pathwayMapper.toState(record));
  }

  /** Pathways of the municipality with an early signal dated (signalledAt, a calendar date) in the period. */
  async listSignalledBetween(
    manager: EntityManager,
    municipalityCode: string,
    period: ExportPeriod,
  ): Promise<PathwayState[]> {
    const records = await manager
      .getRepository(PathwayRecord)
      .createQueryBuilder('p')
      .where('p.municipality_code = :municipalityCode', { municipalityCode })
      .andWhere(
        `EXISTS (SELECT 1 FROM jsonb_array_elements(p.state->'earlySignals') AS signal
                 WHERE (signal->>'signalledAt')::date BETWEEN CAST(:from AS date) AND CAST(:to AS date))`,
        { from: period.from.toString(), to: period.to.toString() },
      )
      .orderBy('p.created_at', 'ASC')
      .getMany();
    return records.map((record) => pathwayMapper.toState(record));
  }
}

function listItemOf(state: PathwayState): PathwayListItem {
  return {
    pathwayId: state.pathwayId,
    status: state.status,
    phase: state.phase,
    crisis: state.crisis,
    firstConversationDue: state.firstConversationDue,
    firstConversationHeldAt: state.firstConversationHeldAt,
  };
}
