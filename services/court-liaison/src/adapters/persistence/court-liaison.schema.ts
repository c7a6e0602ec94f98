import type { EntityClass, ServiceMigration } from '@ketenpad/persistence';
import { CreateCourtCaseTables1795440000000 } from './migrations/1795440000000-create-court-case-tables.migration';
import { CreatePrivacyTables1795710000000 } from './migrations/1795710000000-create-privacy-tables.migration';
import { CourtCaseRecord, CourtReferralRecord, ScheduledJobRecord } from './court-case.record';

/** Entities of the court-liaison database. */
export const COURT_LIAISON_ENTITIES: readonly EntityClass[] = [
  CourtCaseRecord,
  CourtReferralRecord,
  ScheduledJobRecord,
];

/** The court liaison's own migrations; the platform adds the shared outbox/inbox tables. */
export const COURT_LIAISON_MIGRATIONS: readonly ServiceMigration[] = [
  CreateCourtCaseTables1795440000000,
  CreatePrivacyTables1795710000000,
];
