import type { EntityClass, ServiceMigration } from '@ketenpad/persistence';
import { CreateSocialWorkTables1795440000000 } from './migrations/1795440000000-create-social-work-tables.migration';
import { CreatePrivacyTables1795710000000 } from './migrations/1795710000000-create-privacy-tables.migration';

/** Social work reads and writes its tables with plain SQL (see the repositories); no TypeORM entities. */
export const SOCIAL_WORK_ENTITIES: readonly EntityClass[] = [];

/** Social work's own migrations; the platform adds the shared outbox/inbox tables. */
export const SOCIAL_WORK_MIGRATIONS: readonly ServiceMigration[] = [
  CreateSocialWorkTables1795440000000,
  CreatePrivacyTables1795710000000,
];
