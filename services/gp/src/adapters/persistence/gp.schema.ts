import type { EntityClass, ServiceMigration } from '@ketenpad/persistence';
import { CreateGpTables1795450000000 } from './migrations/1795450000000-create-gp-tables.migration';
import { CreatePrivacyTables1795710000000 } from './migrations/1795710000000-create-privacy-tables.migration';
import { PseudonymiseConsentBsn1796200000000 } from './migrations/1796200000000-pseudonymise-consent-bsn.migration';

/** The GP repository uses plain SQL (explicit locks); it declares no TypeORM entities. */
export const GP_ENTITIES: readonly EntityClass[] = [];

/** The GP service's own migrations; the platform adds the shared outbox/inbox tables. */
export const GP_MIGRATIONS: readonly ServiceMigration[] = [
  CreateGpTables1795450000000,
  CreatePrivacyTables1795710000000,
  PseudonymiseConsentBsn1796200000000,
];
