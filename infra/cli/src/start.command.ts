import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDevBroker, type DevBrokerHandle } from '@ketenpad/dev-broker';
import { SERVICE_PORTS, type ServiceName } from '@ketenpad/runtime';
import type { ParsedArguments } from './arguments';

/** Services `ketenpad start` runs, in start order. Add a service here when it exists. */
export const LOCAL_SERVICES: readonly ServiceName[] = ['municipality', 'social-work', 'court-liaison', 'gp', 'timeline', 'partner-gateway', 'portal'];

const repoRoot = resolve(__dirname, '../../..');

interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  url: string;
}

/**
 * Runs the platform locally: the dev broker (unless KAFKA_BROKERS points at a
 * running Kafka), then every service on its DESIGN.md port, each with its own
 * database (PostgreSQL via DATABASE_URL, or embedded PGlite under .data/).
 * Waits until every /health is up, prints where everything is, and stops all
 * of it cleanly on Ctrl-C.
 */
export async function startCommand(_args: ParsedArguments, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataDir = resolve(env.KETENPAD_DATA_DIR ?? join(repoRoot, '.data'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  let broker: DevBrokerHandle | undefined;
  let kafkaBrokers = env.KAFKA_BROKERS;
  if (!kafkaBrokers) {
    broker = await startDevBroker({ stateFile: join(dataDir, 'dev-broker.json'), onLog: appendTo(join(logDir, 'dev-broker.log')) });
    kafkaBrokers = broker.bootstrap;
  }

  const services: RunningService[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<number> => {
    if (stopping) return code;
    stopping = true;
    process.stdout.write('\nstopping Ketenpad...\n');
    await Promise.all(services.map((s) => stopProcess(s.process)));
    await broker?.stop();
    process.stdout.write('stopped.\n');
    return code;
  };

  const finished = new Promise<number>((resolveFinished) => {
    const onSignal = (): void => void stopAll(0).then(resolveFinished);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    for (const name of LOCAL_SERVICES) {
      const port = SERVICE_PORTS[name];
      const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist/main.js')], {
        cwd: repoRoot,
        env: {
          ...env,
          KAFKA_BROKERS: kafkaBrokers,
          KETENPAD_DATA_DIR: dataDir,
          NODE_ENV: env.NODE_ENV ?? 'development',
          // The dev broker only frees a stopped consumer's partitions when its session expires.
          ...(broker && !env.KAFKA_SESSION_TIMEOUT_MS ? { KAFKA_SESSION_TIMEOUT_MS: '6000' } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const log = appendTo(join(logDir, `${name}.log`));
      child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString()));
      child.once('exit', (code, signal) => {
        if (stopping) return;
        process.stderr.write(`${name} exited unexpectedly (${signal ?? code}); see ${join(logDir, `${name}.log`)}\n`);
        void stopAll(1).then(resolveFinished);
      });
      services.push({ name, process: child, url: `http://127.0.0.1:${port}` });
    }
  });

  try {
    await Promise.race([
      Promise.all(services.map((s) => waitForHealth(`${s.url}/health`, 90_000))),
      finished.then(() => {
        throw new Error('a service stopped during start-up');
      }),
    ]);
  } catch (error) {
    process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return stopAll(1);
  }

  const portalUrl = services.find((s) => s.name === 'portal')?.url ?? `http://127.0.0.1:${SERVICE_PORTS.portal}`;
  process.stdout.write(
    [
      '',
      'Ketenpad is running.',
      '',
      `  Open the portal: ${portalUrl}   (sign in as a counsellor of GM0363 or as the chain coordinator KR-001)`,
      '',
      ...services
        .filter((s) => s.name !== 'portal')
        .map((s) => `  ${s.name.padEnd(16)} ${s.url}   API docs ${s.url}/docs   health ${s.url}/health`),
      '',
      `  Kafka            ${kafkaBrokers}${broker ? `   (dev broker; fault control ${broker.controlUrl})` : ''}`,
      `  databases        ${env.DATABASE_URL ? env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@') : `embedded PGlite under ${dataDir}`}`,
      `  logs             ${logDir}`,
      '',
      'Get a token:   npx ketenpad token --org GM0363 --role counsellor',
      'Then:          curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3101/api/v1/...   (see /docs)',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  return finished;
}

function appendTo(path: string): (text: string) => void {
  const stream = createWriteStream(path, { flags: 'a' });
  return (text) => {
    stream.write(text.endsWith('\n') ? text : text + '\n');
  };
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not healthy within ${timeoutMs / 1000} s: ${last}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
