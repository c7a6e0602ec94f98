import { CreateTimelineTables1795430000000 } from './migrations/1795430000000-create-timeline-tables.migration';
import { CreateBottleneckTables1795710000000 } from './migrations/1795710000000-create-bottleneck-tables.migration';
import { BottleneckDurationColumns1795800000000 } from './migrations/1795800000000-bottleneck-duration-columns.migration';
import { CreateTimelineErasure1795800000001 } from './migrations/1795800000001-create-timeline-erasure.migration';
import { BottleneckFlowWeeks1795800000002 } from './migrations/1795800000002-bottleneck-flow-weeks.migration';
import { PathwaySummaryMergedInto1795800000003 } from './migrations/1795800000003-pathway-summary-merged-into.migration';

/** Every migration of the timeline read model, in order (the platform adds outbox, inbox and access log). */
export const TIMELINE_MIGRATIONS = [
  CreateTimelineTables1795430000000,
  CreateBottleneckTables1795710000000,
  BottleneckDurationColumns1795800000000,
  CreateTimelineErasure1795800000001,
  BottleneckFlowWeeks1795800000002,
  PathwaySummaryMergedInto1795800000003,
];
