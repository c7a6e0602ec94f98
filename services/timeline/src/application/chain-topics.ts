import { topics } from '@ketenpad/contracts';

/** Every chain topic: the events of every producing organisation, never the timeline's own. */
export const CHAIN_TOPICS: readonly string[] = topics
  .filter((t) => ['municipality', 'social-work', 'court-liaison', 'gp'].includes(t.producer))
  .map((t) => t.name);

/**
 * Whether the projection has consumed everything on the chain topics. Alerts
 * judge absence ("no first conversation yet"), which is only true once the
 * facts that could contradict it have been read: during a rebuild or a
 * consumer lag the read model is incomplete.
 */
export abstract class ProjectionProgress {
  abstract caughtUp(): Promise<boolean>;
}
