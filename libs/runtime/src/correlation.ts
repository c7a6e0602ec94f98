import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Header used on HTTP requests and Kafka messages to carry the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<string>();

/**
 * The correlation id ties one user action to every log line and event it causes,
 * across services: HTTP requests start or continue it, events carry it in a header,
 * consumers continue it while handling the event.
 */
export const correlation = {
  run<T>(id: string | undefined, fn: () => T): T {
    return storage.run(id && isSafeId(id) ? id : randomUUID(), fn);
  },
  current(): string | undefined {
    return storage.getStore();
  },
};

/** Correlation ids come from outside; keep only short, printable tokens. */
function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(id);
}
