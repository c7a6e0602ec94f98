/**
 * Quick variants run in CI (the whole suite in about six minutes on two
 * cores); `KETENPAD_FAULTS=full` runs the sizes of QUALITY.md.
 */
export const FULL_FAULTS = process.env.KETENPAD_FAULTS === 'full';

/** The quick or the full size of a fault test parameter. */
export function sized<T>(quick: T, full: T): T {
  return FULL_FAULTS ? full : quick;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
