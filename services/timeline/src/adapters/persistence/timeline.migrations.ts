import { CreateTimelineTables1795430000000 } from './migrations/1795430000000-create-timeline-tables.migration';
import { CreateBottleneckTables1795710000000 } from './migrations/1795710000000-create-bottleneck-tables.migration';
import { BottleneckDurationColumns1795800000000 } from './migrations/1795800000000-bottleneck-duration-columns.migration';
import { CreateTimelineErasure1795800000001 } from './migrations/1795800000001-create-timeline-erasure.migration';

/** Every migration of the timeline read model, in order (the platform adds outbox, inbox and access log). */
export const TIMELINE_MIGRATIONS = [
  CreateTimelineTables1795430000000,
  CreateBottleneckTables1795710000000,
  BottleneckDurationColumns1795800000000,
  CreateTimelineErasure1795800000001,
];
