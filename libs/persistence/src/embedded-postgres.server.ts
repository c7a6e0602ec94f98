import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** An embedded PGlite database reachable over the PostgreSQL wire protocol on loopback. */
export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** Directory holding the database files. */
  dataPath: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite and its socket server in a worker thread. Two reasons:
 * the WASM engine does its work synchronously, which would otherwise stall
 * the service's event loop during every query; and PGlite loads parts of
 * itself with a dynamic `import()`, which Jest's module sandbox refuses
 * ("A dynamic import callback was invoked without --experimental-vm-modules").
 * Kept as plain CommonJS source so it runs unchanged from `src` and `dist`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const { PGLiteSocketServer } = require(workerData.socketPath);
(async () => {
  const db = await PGlite.create(workerData.dataPath);
  // One connection: PGlite is a single-session database (DESIGN.md).
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    try {
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: 'stopped' });
    } catch (error) {
      parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
    }
    parentPort.close();
  });
  parentPort.postMessage({ type: 'ready', address: server.getServerConn() });
})().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  parentPort.close();
});
`;

type WorkerMessage = { type: 'ready'; address: string } | { type: 'stopped' } | { type: 'error'; message: string };

const STOP_TIMEOUT_MS = 10_000;

/**
 * Opens (or initialises) the PGlite database at `<dataDir>/<service>/pgdata`
 * and exposes it on 127.0.0.1 on a free port, so TypeORM talks to it through
 * the ordinary `pg` driver exactly as it talks to a PostgreSQL server.
 * A lock file keeps a second process from opening the same files, which
 * would corrupt them.
 */
export async function startEmbeddedPostgres(dataDir: string, service: string): Promise<EmbeddedPostgres> {
  const serviceDir = join(dataDir, service);
  const dataPath = join(serviceDir, 'pgdata');
  await mkdir(serviceDir, { recursive: true });
  const lockPath = join(serviceDir, 'pgdata.lock');
  await acquireLock(lockPath);

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dataPath,
      pglitePath: require.resolve('@electric-sql/pglite'),
      socketPath: require.resolve('@electric-sql/pglite-socket'),
    },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    const ready = await nextMessage(worker);
    if (ready.type !== 'ready') throw new Error(`Embedded database at ${dataPath} failed to start: ${describe(ready)}`);
    const port = Number(ready.address.split(':').pop());
    if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server reported no port (${ready.address})`);
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      dataPath,
      stop: () =>
        (stopping ??= (async () => {
          try {
            const answer = nextMessage(worker, STOP_TIMEOUT_MS);
            worker.postMessage('stop');
            const stopped = await answer;
            if (stopped.type !== 'stopped') throw new Error(`Embedded database at ${dataPath} did not close cleanly: ${describe(stopped)}`);
            await exited;
          } finally {
            await worker.terminate();
            await rm(lockPath, { force: true });
          }
        })()),
    };
  } catch (error: unknown) {
    await worker.terminate();
    await rm(lockPath, { force: true });
    throw error;
  }
}

function nextMessage(worker: Worker, timeoutMs?: number): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(() => reject(new Error(`no answer from the embedded database within ${timeoutMs} ms`))), timeoutMs);
    const onMessage = (message: WorkerMessage): void => finish(() => resolve(message));
    const onError = (error: Error): void => finish(() => reject(error));
    const onExit = (code: number): void => finish(() => reject(new Error(`embedded database worker exited with code ${code}`)));
    function finish(settle: () => void): void {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      settle();
    }
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

function describe(message: WorkerMessage): string {
  return message.type === 'error' ? message.message : `unexpected ${message.type}`;
}

async function acquireLock(lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`Embedded database ${lockPath.replace(/\.lock$/, '')} is already open in process ${holder}`);
      }
      // The holder crashed without cleaning up: the lock is stale.
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
