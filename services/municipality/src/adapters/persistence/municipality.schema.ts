import type { EntityClass, ServiceMigration } from '@ketenpad/persistence';
import { CreatePathwayTables1795421491562 } from './migrations/1795421491562-create-pathway-tables.migration';
import { AddResidentPseudonym1795500000000 } from './migrations/1795500000000-add-resident-pseudonym.migration';
import { CreateCourtFactTable1795600000000 } from './migrations/1795600000000-create-court-fact-table.migration';
import { CreateErasureTables1795800000000 } from './migrations/1795800000000-create-erasure-tables.migration';
import { CreatePathwayMergeTable1796100000000 } from './migrations/1796100000000-create-pathway-merge-table.migration';
import { CourtFactRecord } from './court-fact.record';
import { ErasureCompletionRecord, ErasureRequestRecord } from './erasure.record';
import { PathwayRecord } from './pathway.record';
import { PathwayDataKeyRecord, ResidentRecord } from './resident.record';

/** Entities of the municipality database; pass to `createServiceDataSource`. */
export const MUNICIPALITY_ENTITIES: readonly EntityClass[] = [
  PathwayRecord,
  ResidentRecord,
  PathwayDataKeyRecord,
  CourtFactRecord,
  ErasureRequestRecord,
  ErasureCompletionRecord,
];

/** The municipality's own migrations; the platform adds the shared outbox/inbox tables (`messagingMigrations`). */
export const MUNICIPALITY_MIGRATIONS: readonly ServiceMigration[] = [
  CreatePathwayTables1795421491562,
  AddResidentPseudonym1795500000000,
  CreateCourtFactTable1795600000000,
  CreateErasureTables1795800000000,
  CreatePathwayMergeTable1796100000000,
];
