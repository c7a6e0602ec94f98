import { CreateTimelineTables1795430000000 } from './migrations/1795430000000-create-timeline-tables.migration';
import { CreateBottleneckTables1795710000000 } from './migrations/1795710000000-create-bottleneck-tables.migration';

/** Every migration of the timeline read model, in order (the platform adds outbox, inbox and access log). */
export const TIMELINE_MIGRATIONS = [CreateTimelineTables1795430000000, CreateBottleneckTables1795710000000];
