import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The line printed to stdout and written to the state file once the broker accepts clients. */
export interface DevBrokerReady {
  readonly event: 'dev-broker-ready';
  /** Comma-separated bootstrap list; random ports, so read it from here. */
  readonly bootstrap: string;
  /** Base URL of the loopback control endpoint. */
  readonly controlUrl: string;
  /** Bootstrap list as an array, as kafkajs takes it. */
  readonly brokers: string[];
  /** Process id of the dev broker, so readers can tell a stale state file. */
  readonly pid: number;
}

/**
 * Where `npm start` and tests find the running broker: env
 * `DEV_BROKER_STATE_FILE`, else `<cwd>/.data/dev-broker.json`. The file
 * exists because librdkafka 2.0.2's mock cluster cannot listen on a fixed port.
 */
export function stateFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEV_BROKER_STATE_FILE ?? join(process.cwd(), '.data/dev-broker.json');
}

/** The running broker recorded in `file`, or undefined if there is none or its process is gone. */
export function readDevBrokerState(file: string = stateFilePath()): DevBrokerReady | undefined {
  if (!existsSync(file)) return undefined;
  let state: Partial<DevBrokerReady>;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevBrokerReady>;
  } catch {
    return undefined;
  }
  if (state.event !== 'dev-broker-ready' || typeof state.pid !== 'number' || !isAlive(state.pid)) return undefined;
  return state as DevBrokerReady;
}

export function writeDevBrokerState(file: string, state: DevBrokerReady): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write-then-rename so a reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(state) + '\n');
  renameSync(partial, file);
}

export function removeDevBrokerState(file: string): void {
  rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
