import { writeSync } from 'node:fs';
import { ConfigError } from './config.problems';
import { JsonLogger } from './json-logger';

/**
 * What a process prints on stderr when it cannot start: every settings problem
 * in one message without a stack trace, or the reason of another failure.
 */
export function startFailureMessage(service: string, error: unknown): string {
  if (error instanceof ConfigError)
    return `Ketenpad ${service} cannot start; fix these settings:\n${error.problems.map((p) => `  - ${p}\n`).join('')}`;
  return `Ketenpad ${service} failed to start: ${error instanceof Error ? error.message : String(error)}\n`;
}

/**
 * Ends a process whose start failed, with exit code 1: the message on stderr,
 * and an unexpected error with its stack in the log as well.
 */
export function exitAfterFailedStart(service: string, error: unknown): never {
  if (!(error instanceof ConfigError))
    new JsonLogger(service, 'start-up').error('start-up failed', error instanceof Error ? error : { err: error });
  // Synchronous: process.exit does not wait for a pending write to a pipe.
  writeSync(process.stderr.fd, startFailureMessage(service, error));
  process.exit(1);
}
