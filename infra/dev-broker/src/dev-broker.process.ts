import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DevBrokerControl } from './control.client';
import type { DevBrokerReady } from './dev-broker.state';

export interface StartDevBrokerOptions {
  /** Where the broker writes its ready line; default a fresh temp file so tests never clobber `npm start`'s `.data/dev-broker.json`. */
  readonly stateFile?: string;
  /** Control endpoint port; default a free one. */
  readonly controlPort?: number;
  /** How long to wait for the ready line. Default 20 s. */
  readonly startTimeoutMs?: number;
  /** Receives the broker's log lines (stdout JSON logs and stderr); default: dropped. */
  readonly onLog?: (line: string) => void;
  /**
   * Runs the broker in its own process group, so a terminal's Ctrl-C reaches
   * only the parent, which can stop its clients before the broker. The stdin
   * lifeline still ends the broker when the parent dies. Default false.
   */
  readonly detached?: boolean;
}

/** A dev broker running in a child process. */
export interface DevBrokerHandle {
  /** Comma-separated bootstrap list. */
  readonly bootstrap: string;
  /** Bootstrap list as kafkajs takes it. */
  readonly brokers: string[];
  readonly controlUrl: string;
  readonly control: DevBrokerControl;
  /** Process id of the broker process. */
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit (it removes its state file). */
  stop(): Promise<void>;
}

const LAUNCHER = resolve(__dirname, '../bin/dev-broker.js');

/**
 * Spawns the dev broker (bin/dev-broker.js) and resolves once it prints its
 * ready line. A separate process keeps librdkafka's native threads out of
 * jest workers and lets tests kill the broker like a real one.
 */
export function startDevBroker(options: StartDevBrokerOptions = {}): Promise<DevBrokerHandle> {
  const stateFile = options.stateFile ?? join(tmpdir(), `ketenpad-dev-broker-${process.pid}-${randomUUID()}.json`);
  const child = spawn(process.execPath, [LAUNCHER], {
    // stdin is a lifeline: the broker exits when it closes, i.e. when we die.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: options.detached ?? false,
    env: {
      ...process.env,
      DEV_BROKER_STATE_FILE: stateFile,
      DEV_BROKER_CONTROL_PORT: String(options.controlPort ?? 0),
      DEV_BROKER_EXIT_WITH_STDIN: '1',
      // Running from TypeScript sources (jest): a stale dist/ must not win.
      DEV_BROKER_FROM_SOURCE: __filename.endsWith('.ts') ? '1' : (process.env.DEV_BROKER_FROM_SOURCE ?? ''),
    },
  });
  const log = options.onLog ?? (() => undefined);
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(line);
  };
  createInterface({ input: child.stderr }).on('line', remember);

  return new Promise<DevBrokerHandle>((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(new Error(`dev broker did not become ready within ${options.startTimeoutMs ?? 20_000} ms`)), options.startTimeoutMs ?? 20_000);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(new Error(`dev broker exited before it was ready (code ${code}, signal ${signal})`));
    child.once('exit', onExit);
    child.once('error', (error) => fail(error));

    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${recent.join('\n')}`));
    }

    let ready = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!ready) {
        const parsed = parseReady(line);
        if (parsed) {
          ready = true;
          clearTimeout(timer);
          child.off('exit', onExit);
          resolvePromise(handle(child, parsed));
          return;
        }
      }
      remember(line);
    });
  });
}

function parseReady(line: string): DevBrokerReady | undefined {
  try {
    const value = JSON.parse(line) as Partial<DevBrokerReady>;
    return value.event === 'dev-broker-ready' ? (value as DevBrokerReady) : undefined;
  } catch {
    return undefined;
  }
}

function handle(child: ChildProcess, ready: DevBrokerReady): DevBrokerHandle {
  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });
  return {
    bootstrap: ready.bootstrap,
    brokers: ready.brokers,
    controlUrl: ready.controlUrl,
    control: new DevBrokerControl(ready.controlUrl),
    pid: ready.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
