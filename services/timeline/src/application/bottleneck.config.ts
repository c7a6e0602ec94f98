/** Thresholds of the coordinator analytics and alerts; from the environment, see {@link bottleneckConfigFromEnv}. */
export interface BottleneckConfig {
  /** A first-conversation deadline is "approaching" when it falls within this many working days (TIMELINE_WGS_APPROACHING_WORKING_DAYS, default 3). */
  readonly approachingWorkingDays: number;
  /** A referral waits too long when unanswered after this many working days (TIMELINE_REFERRAL_WAITING_WORKING_DAYS, default 5). */
  readonly referralWaitingWorkingDays: number;
  /** A pathway is stalled after this many calendar days without an event (TIMELINE_STALLED_DAYS, default 30). */
  readonly stalledDays: number;
  /** Pathways from this pillar-to-post index up are listed (TIMELINE_PILLAR_TO_POST_MIN_INDEX, default 4). */
  readonly pillarToPostMinIndex: number;
  /** How often the alert scheduler looks for breaches (TIMELINE_ALERT_INTERVAL_MS, default 60000). */
  readonly alertIntervalMs: number;
}

export const BOTTLENECK_CONFIG = Symbol('timeline.bottleneck-config');

const SETTINGS: ReadonlyArray<[keyof BottleneckConfig, string, number, number, number]> = [
  ['approachingWorkingDays', 'TIMELINE_WGS_APPROACHING_WORKING_DAYS', 3, 0, 20],
  ['referralWaitingWorkingDays', 'TIMELINE_REFERRAL_WAITING_WORKING_DAYS', 5, 1, 365],
  ['stalledDays', 'TIMELINE_STALLED_DAYS', 30, 1, 3650],
  ['pillarToPostMinIndex', 'TIMELINE_PILLAR_TO_POST_MIN_INDEX', 4, 1, 1000],
  ['alertIntervalMs', 'TIMELINE_ALERT_INTERVAL_MS', 60_000, 100, 86_400_000],
];

/** Reads the thresholds; a malformed value stops the service at start-up rather than silently using a default. */
export function bottleneckConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BottleneckConfig {
  const config: Record<string, number> = {};
  for (const [key, name, fallback, min, max] of SETTINGS) {
    const raw = env[name]?.trim();
    const value = raw ? Number(raw) : fallback;
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    config[key] = value;
  }
  return config as unknown as BottleneckConfig;
}
