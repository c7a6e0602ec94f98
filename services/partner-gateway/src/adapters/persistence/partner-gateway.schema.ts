import type { EntityClass, ServiceMigration } from '@ketenpad/persistence';
import { CreatePartnerGatewayTables1795800000000 } from './migrations/1795800000000-create-partner-gateway-tables.migration';
import { CreatePathwayErasure1795900000000 } from './migrations/1795900000000-create-pathway-erasure.migration';
import { RecordPathwayMerges1796000000000 } from './migrations/1796000000000-record-pathway-merges.migration';

/** The gateway uses plain SQL (explicit locks, SKIP LOCKED); it declares no TypeORM entities. */
export const PARTNER_GATEWAY_ENTITIES: readonly EntityClass[] = [];

/** The gateway's own migrations; the platform adds outbox, inbox and access log. */
export const PARTNER_GATEWAY_MIGRATIONS: readonly ServiceMigration[] = [
  CreatePartnerGatewayTables1795800000000,
  CreatePathwayErasure1795900000000,
  RecordPathwayMerges1796000000000,
];
