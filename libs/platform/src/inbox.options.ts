import { z } from 'zod';
import { ConfigError, parseSettings, wholeNumber } from '@ketenpad/runtime';

/** Environment variable holding the default of `InboxSubscription.partitionsConsumedConcurrently` for every service. */
export const PARTITIONS_CONSUMED_CONCURRENTLY_ENV = 'KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY';

/**
 * How many partitions an inbox subscription consumes at the same time: the
 * subscription's own value, else {@link PARTITIONS_CONSUMED_CONCURRENTLY_ENV},
 * else 1. Anything but a positive whole number stops start-up with a
 * {@link ConfigError}: a typo must not silently fall back to another value.
 */
export function inboxPartitionsConsumedConcurrently(
  subscription: { readonly consumerName: string; readonly partitionsConsumedConcurrently?: number },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const own = subscription.partitionsConsumedConcurrently;
  if (own !== undefined) {
    if (!Number.isInteger(own) || own < 1)
      throw new ConfigError(
        `Inbox subscription ${subscription.consumerName}: partitionsConsumedConcurrently must be a whole number of at least 1, not ${own}`,
      );
    return own;
  }
  return partitionCountFrom(env, PARTITIONS_CONSUMED_CONCURRENTLY_ENV, 1);
}

/**
 * A partition count from the environment variable `name`, or `fallback` when
 * it is unset or empty. Anything but a positive whole number is a
 * {@link ConfigError} naming the variable and the value.
 */
export function partitionCountFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const setting = z
    .object({
      [name]: wholeNumber({
        fallback,
        min: 1,
        message: (raw) =>
          `must be a whole number of at least 1 (partitions an inbox consumes at the same time), not "${raw}"`,
      }),
    })
    .transform((settings) => settings[name] ?? fallback);
  return parseSettings(setting, env);
}
