import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { librdkafkaProblem, startDevBroker, type DevBrokerHandle } from '@ketenpad/dev-broker';
import { SERVICE_PORTS, type ServiceName } from '@ketenpad/runtime';
import type { CommandSpec, ParsedArguments } from './arguments';

export const START_COMMAND: CommandSpec = {
  name: 'start',
  summary: 'Run the dev broker and every service locally; Ctrl-C stops all.',
  details: [
    'Waits until every /health answers, then prints where everything is. It builds nothing: npm start builds first.',
    'Environment: <SERVICE>_PORT moves a service (e.g. MUNICIPALITY_PORT=4101, PORTAL_PORT; defaults 3100-3106),',
    'DATABASE_URL (a PostgreSQL server; absent = embedded PGlite under .data/), KAFKA_BROKERS (a running Kafka',
    'instead of the dev broker), KETENPAD_DATA_DIR (default ./.data; logs go to its logs/).',
  ].join('\n'),
  options: {},
};

/** Services `ketenpad start` runs, in start order. Add a service here when it exists. */
export const LOCAL_SERVICES: readonly ServiceName[] = [
  'municipality',
  'social-work',
  'court-liaison',
  'gp',
  'timeline',
  'partner-gateway',
  'portal',
];

export type ServicePorts = Readonly<Record<ServiceName, number>>;

const repoRoot = resolve(__dirname, '../../..');
/** Signals that stop the stack gracefully; a second one kills what is left. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const HEALTH_TIMEOUT_MS = 90_000;

/**
 * Runs the platform locally: the dev broker (unless KAFKA_BROKERS points at a
 * running Kafka), then every service on its port, each with its own database
 * (PostgreSQL via DATABASE_URL, or embedded PGlite under .data/). Waits until
 * every /health is up, prints where everything is, and on Ctrl-C stops the
 * services first and the broker last.
 */
export async function startCommand(_args: ParsedArguments, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataDir = resolve(env.KETENPAD_DATA_DIR ?? join(repoRoot, '.data'));
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const ports = localServicePorts(env);
  const lockFile = join(dataDir, 'ketenpad-start.json');
  const running = claimStartLock(lockFile, { pid: process.pid, portalUrl: localUrl(ports.portal) });
  if (running) return refuse(`Ketenpad is already running (pid ${running.pid}): portal at ${running.portalUrl}`);
  try {
    const problem = (await busyPort(env, ports)) ?? (env.KAFKA_BROKERS ? undefined : missingLibrdkafka());
    if (problem) return refuse(problem);
    return await new LocalStack(env, dataDir, ports).run();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** `${SERVICE}_PORT`, the variable `loadServiceConfig` reads a service's port from. */
export function portVariable(service: ServiceName): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
}

/**
 * Each service's port: its `<SERVICE>_PORT` or its DESIGN.md port. `PORT`
 * names the port of one process, so it does not apply to a whole stack.
 */
export function localServicePorts(env: NodeJS.ProcessEnv): ServicePorts {
  const ports = {} as Record<ServiceName, number>;
  const taken = new Map<number, ServiceName>();
  for (const service of LOCAL_SERVICES) {
    const raw = env[portVariable(service)]?.trim() || String(SERVICE_PORTS[service]);
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new Error(`${portVariable(service)} must be a port number, not "${raw}"`);
    const other = taken.get(port);
    if (other)
      throw new Error(
        `${other} and ${service} would both listen on port ${port}: give one another port (${portVariable(other)}, ${portVariable(service)})`,
      );
    taken.set(port, service);
    ports[service] = port;
  }
  return ports;
}

/**
 * The environment of every service process. Every service learns every port
 * (the municipality reads its neighbours' ports); the portal's upstreams and
 * origin follow them unless set explicitly. `PORT` names the port of one
 * process, so it is not passed on.
 */
export function serviceEnvironment(
  env: NodeJS.ProcessEnv,
  ports: ServicePorts,
  settings: { kafkaBrokers: string; dataDir: string; devBroker: boolean },
): NodeJS.ProcessEnv {
  const { PORT: _onePortForAll, ...inherited } = env;
  const portalDefaults: NodeJS.ProcessEnv = { PORTAL_PUBLIC_URL: localUrl(ports.portal) };
  const portVariables: NodeJS.ProcessEnv = {};
  for (const service of LOCAL_SERVICES) {
    portVariables[portVariable(service)] = String(ports[service]);
    if (service !== 'portal')
      portalDefaults[`PORTAL_UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}`] = localUrl(ports[service]);
  }
  return {
    ...portalDefaults,
    ...inherited,
    ...portVariables,
    KAFKA_BROKERS: settings.kafkaBrokers,
    KETENPAD_DATA_DIR: settings.dataDir,
    NODE_ENV: env.NODE_ENV ?? 'development',
    // The dev broker only frees a stopped consumer's partitions when its session expires.
    ...(settings.devBroker && !env.KAFKA_SESSION_TIMEOUT_MS ? { KAFKA_SESSION_TIMEOUT_MS: '6000' } : {}),
  };
}

function localUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function refuse(line: string): number {
  process.stderr.write(line + '\n');
  return 1;
}

interface StartLock {
  pid: number;
  portalUrl: string;
}

/**
 * Claims `file` for this process; returns the lock of a `ketenpad start`
 * that still runs instead. A lock whose process is gone is taken over.
 */
export function claimStartLock(file: string, lock: StartLock): StartLock | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(lock) + '\n', { flag: 'wx' });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readStartLock(file);
    if (holder && isKetenpadProcess(holder.pid)) return holder;
    rmSync(file, { force: true });
  }
  throw new Error(`cannot claim ${file}: another ketenpad start is starting at the same moment`);
}

function readStartLock(file: string): StartLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<StartLock>;
    return typeof lock.pid === 'number' && typeof lock.portalUrl === 'string'
      ? { pid: lock.pid, portalUrl: lock.portalUrl }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` still runs a ketenpad command, not a process that reused the pid of a killed one. */
function isKetenpadProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ketenpad');
  } catch {
    return true; // no /proc (macOS): the pid is all there is to go on
  }
}

/** A line naming the first service port something else already listens on. */
async function busyPort(env: NodeJS.ProcessEnv, ports: ServicePorts): Promise<string | undefined> {
  const host = env.HOST ?? '127.0.0.1';
  for (const service of LOCAL_SERVICES) {
    const problem = await cannotListen(host, ports[service]);
    if (problem)
      return `port ${ports[service]} (${service}) is not free (${problem}): stop what uses it, or move ${service} with ${portVariable(service)}=<port>`;
  }
  return undefined;
}

/** Why a server cannot listen on host:port (e.g. EADDRINUSE), or undefined when it can. */
export function cannotListen(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolveCheck) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolveCheck(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolveCheck(undefined)));
  });
}

function missingLibrdkafka(): string | undefined {
  const problem = librdkafkaProblem();
  if (!problem) return undefined;
  return (
    `The dev Kafka broker needs the system library librdkafka, which does not load (${problem}). ` +
    'Install it (Debian/Ubuntu: sudo apt-get install -y librdkafka1; macOS: brew install librdkafka, then set ' +
    'DEV_BROKER_LIBRDKAFKA=$(brew --prefix)/lib/librdkafka.dylib), or set KAFKA_BROKERS to a running Kafka.'
  );
}

/** The dev broker and the service processes of one `ketenpad start`. */
class LocalStack {
  private readonly logDir: string;
  private readonly children = new Map<ServiceName, ChildProcess>();
  private brokerStarting: Promise<DevBrokerHandle> | undefined;
  private stopping: Promise<number> | undefined;
  private announceStopping: (stopping: Promise<number>) => void = () => undefined;
  /** Settles with the exit code once a stop, for whatever reason, has finished. */
  private readonly stopped = new Promise<number>((resolveStopped) => (this.announceStopping = resolveStopped));
  private readonly healthWait = new AbortController();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly dataDir: string,
    private readonly ports: ServicePorts,
  ) {
    this.logDir = join(dataDir, 'logs');
  }

  async run(): Promise<number> {
    const onSignal = (): void => {
      if (this.stopping) this.killServices();
      else void this.stop(0);
    };
    const onExit = (): void => this.killServices();
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    // Services run in their own process group; should the CLI die anyway, they must not outlive it.
    process.on('exit', onExit);
    // `npm start | tee start.log`: the same Ctrl-C ends tee, and a write to its closed pipe must not cut the stop short.
    process.stdout.on('error', ignore);
    process.stderr.on('error', ignore);
    try {
      return await this.startAndServe();
    } finally {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      process.off('exit', onExit);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    }
  }

  private async startAndServe(): Promise<number> {
    let kafkaBrokers: string;
    try {
      kafkaBrokers = this.env.KAFKA_BROKERS ?? (await this.startBroker()).bootstrap;
      if (this.stopping) return this.stopped;
      for (const service of LOCAL_SERVICES) this.spawnService(service, kafkaBrokers);
      await Promise.all(
        LOCAL_SERVICES.map((service) =>
          waitForHealth(`${localUrl(this.ports[service])}/health`, HEALTH_TIMEOUT_MS, this.healthWait.signal),
        ),
      );
    } catch (error) {
      process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return this.stop(1);
    }
    if (this.stopping) return this.stopped;
    const broker = await this.brokerStarting;
    process.stdout.write(
      runningBanner({
        ports: this.ports,
        kafkaBrokers,
        brokerControlUrl: broker?.controlUrl,
        databaseUrl: this.env.DATABASE_URL,
        dataDir: this.dataDir,
        logDir: this.logDir,
      }),
    );
    return this.stopped;
  }

  private startBroker(): Promise<DevBrokerHandle> {
    // Its own process group: Ctrl-C reaches only this process, which stops the broker after the services.
    this.brokerStarting = startDevBroker({
      stateFile: join(this.dataDir, 'dev-broker.json'),
      onLog: appendTo(join(this.logDir, 'dev-broker.log')),
      detached: true,
    });
    return this.brokerStarting;
  }

  private spawnService(service: ServiceName, kafkaBrokers: string): void {
    const logFile = join(this.logDir, `${service}.log`);
    const child = spawn(process.execPath, [join(repoRoot, 'services', service, 'dist/main.js')], {
      cwd: repoRoot,
      env: serviceEnvironment(this.env, this.ports, {
        kafkaBrokers,
        dataDir: this.dataDir,
        devBroker: this.env.KAFKA_BROKERS === undefined,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a terminal's Ctrl-C does not stop it before this process does.
      detached: true,
    });
    const log = appendTo(logFile);
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString()));
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      process.stderr.write(`${service} exited unexpectedly (${signal ?? code}); see ${logFile}\n`);
      void this.stop(1);
    });
    this.children.set(service, child);
  }

  /** Stops the services first and the dev broker last, so no service loses its broker while it still runs. */
  private stop(code: number): Promise<number> {
    if (!this.stopping) {
      this.stopping = this.stopAll(code);
      this.announceStopping(this.stopping);
    }
    return this.stopping;
  }

  private async stopAll(code: number): Promise<number> {
    this.healthWait.abort();
    process.stdout.write('\nstopping Ketenpad (Ctrl-C again to kill the services at once)...\n');
    await Promise.all([...this.children.values()].map(stopProcess));
    const broker = await this.brokerStarting?.catch(() => undefined);
    await broker?.stop();
    process.stdout.write('stopped.\n');
    return code;
  }

  private killServices(): void {
    for (const child of this.children.values()) if (isRunning(child)) child.kill('SIGKILL');
  }
}

export interface BannerFacts {
  ports: ServicePorts;
  kafkaBrokers: string;
  /** Set when the dev broker runs. */
  brokerControlUrl: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  logDir: string;
}

/** What `ketenpad start` prints once every service is healthy (README.md shows it: keep them in step). */
export function runningBanner(facts: BannerFacts): string {
  const url = (service: ServiceName): string => localUrl(facts.ports[service]);
  return [
    '',
    'Ketenpad is running.',
    '',
    `  Open the portal: ${url('portal')}   (sign in as any organisation of the chain: a counsellor of GM0363, social work SW-AMS, court RB-AMS, GP HA-0001, partner PT-WOONSTAD or the coordinator KR-001)`,
    '',
    ...LOCAL_SERVICES.filter((service) => service !== 'portal').map(
      (service) =>
        `  ${service.padEnd(16)} ${url(service)}   API docs ${url(service)}/docs   health ${url(service)}/health`,
    ),
    '',
    `  Kafka            ${facts.kafkaBrokers}${facts.brokerControlUrl ? `   (dev broker; fault control ${facts.brokerControlUrl})` : ''}`,
    `  databases        ${facts.databaseUrl ? facts.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `embedded PGlite under ${facts.dataDir}`}`,
    `  logs             ${facts.logDir}`,
    '',
    'Get a token:   TOKEN=$(npx ketenpad token --org GM0363 --role counsellor)',
    'A test BSN:    BSN=$(npx ketenpad bsn)',
    `Then:          curl -H "Authorization: Bearer $TOKEN" ${url('municipality')}/api/v1/...   (see /docs)`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function appendTo(path: string): (text: string) => void {
  const stream = createWriteStream(path, { flags: 'a' });
  return (text) => {
    stream.write(text.endsWith('\n') ? text : text + '\n');
  };
}

/** Resolves once `url` answers 2xx, or at once when `signal` aborts (the stack is stopping). */
async function waitForHealth(url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const res = await fetch(url, { signal });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!signal.aborted) throw new Error(`${url} not healthy within ${timeoutMs / 1000} s: ${last}`);
}

function ignore(): void {}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
