import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVICE_NODE_ARGS } from '@ketenpad/runtime';
import { waitFor } from '@ketenpad/testing';

const root = join(__dirname, '../..');
/**
 * How much of a service's own output a test keeps (its last characters): enough
 * for a whole end-to-end run of one service, also when a loaded machine makes
 * the Kafka client log its retries.
 */
export const SERVICE_LOG_WINDOW = 200_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * One service as its own operating-system process, started from its build
 * (`services/<name>/dist/main.js`, as `npm start` and the Docker image run it),
 * so tests can SIGKILL it like a crash and start it again on the same database.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';
  readonly url: string;

  private constructor(
    readonly name: string,
    private readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(name: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
    const service = new ServiceProcess(name, await freePort(), env);
    await service.start();
    return service;
  }

  async start(): Promise<void> {
    const main = join(root, 'services', this.name, 'dist/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build; npm test does)`);
    const portVar = `${this.name.toUpperCase().replace(/-/g, '_')}_PORT`;
    this.output = '';
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, main], {
      cwd: root,
      env: { ...process.env, ...this.env, [portVar]: String(this.port), NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-SERVICE_LOG_WINDOW);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output}`);
        const res = await fetch(`${this.url}/health`).catch(() => undefined);
        return res?.ok;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `${this.name} to become healthy` },
    );
  }

  /** Kills the process without warning (no shutdown hooks run), as a crash would. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.stopWith('SIGTERM');
  }

  logs(): string {
    return this.output;
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
