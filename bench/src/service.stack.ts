import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@ketenpad/testing';
import { ServiceProcess } from '../../test/support/service.process';

const ROOT = join(__dirname, '../..');

/**
 * Builds the services' dist/main.js (Nx caches: a no-op when nothing changed), as `npm start` does.
 * When the build fails but a previous build exists, that one is measured and the run says so.
 */
export function buildServices(names: readonly string[]): string | undefined {
  const result = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', ...names.map((n) => `@ketenpad/${n}`), '--outputStyle=static'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (result.status === 0) return undefined;
  const missing = names.filter((n) => !existsSync(join(ROOT, 'services', n, 'dist/main.js')));
  if (missing.length > 0)
    throw new Error(`building ${names.join(', ')} failed (exit ${result.status}):\n${result.stderr}`);
  return `build of ${names.join(', ')} failed (exit ${result.status}); measured their previous dist/`;
}

/** A service started from its build, as the end-to-end tests start it, on its own fresh database. */
export interface BenchService {
  readonly name: string;
  readonly url: string;
  readonly database: TestDatabase;
  /** Resident set size of the process now, in MB (VmRSS). */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startBenchService(
  name: string,
  brokers: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<BenchService> {
  const database = await createTestDatabase(`bench_${name.replace(/-/g, '_')}`);
  let service: ServiceProcess;
  try {
    service = await ServiceProcess.start(name, {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      DATABASE_NAME: database.name,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
      ...env,
    });
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
  // ServiceProcess keeps its child private; the pid is only read, for /proc.
  const pid = (service as unknown as { child?: ChildProcess }).child?.pid;
  if (pid === undefined) throw new Error(`${name}: no process id`);
  return {
    name,
    url: service.url,
    database,
    rssMb: () => vmRssMb(pid),
    stop: async () => {
      await service.stop();
      await database.drop().catch(() => undefined);
    },
  };
}

/** VmRSS of a process in MB; 0 once it is gone. */
export function vmRssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Samples every service's RSS at an interval; `max()` per service. */
export class RssSampler {
  private readonly maxima = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly services: readonly BenchService[],
    intervalMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.maxima);
  }

  private sample(): void {
    for (const s of this.services) this.maxima.set(s.name, Math.max(this.maxima.get(s.name) ?? 0, s.rssMb()));
  }
}
