import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cannotListen, claimStartLock, localServicePorts, runningBanner, serviceEnvironment } from './start.command';

const DEFAULT_PORTS = {
  portal: 3100,
  municipality: 3101,
  'social-work': 3102,
  'court-liaison': 3103,
  gp: 3104,
  timeline: 3105,
  'partner-gateway': 3106,
};

describe('localServicePorts', () => {
  it('uses the DESIGN.md ports, and ignores PORT (one process, not a stack)', () => {
    expect(localServicePorts({ PORT: '8080' })).toEqual(DEFAULT_PORTS);
  });

  it('moves a service by its <SERVICE>_PORT, the variable the service itself reads', () => {
    expect(localServicePorts({ MUNICIPALITY_PORT: '4101', SOCIAL_WORK_PORT: '4102', PORTAL_PORT: '4100' })).toEqual({
      ...DEFAULT_PORTS,
      portal: 4100,
      municipality: 4101,
      'social-work': 4102,
    });
  });

  it('refuses a port that is not one, and two services on one port', () => {
    expect(() => localServicePorts({ GP_PORT: 'abc' })).toThrow('GP_PORT must be a port number, not "abc"');
    expect(() => localServicePorts({ TIMELINE_PORT: '3101' })).toThrow(
      /municipality and timeline would both listen on port 3101/,
    );
  });
});

describe('serviceEnvironment', () => {
  const settings = { kafkaBrokers: '127.0.0.1:9092', dataDir: '/tmp/data', devBroker: true };

  it("tells every service every port and points the portal's upstreams and origin at them", () => {
    // given
    const ports = localServicePorts({ MUNICIPALITY_PORT: '4101', PORTAL_PORT: '4100' });

    // when
    const env = serviceEnvironment({ PORT: '8080', PATH: '/bin' }, ports, settings);

    // then
    expect(env.PORT).toBeUndefined();
    expect(env.PATH).toBe('/bin');
    expect(env.MUNICIPALITY_PORT).toBe('4101');
    expect(env.PARTNER_GATEWAY_PORT).toBe('3106');
    expect(env.PORTAL_PORT).toBe('4100');
    expect(env.PORTAL_PUBLIC_URL).toBe('http://127.0.0.1:4100');
    expect(env.PORTAL_UPSTREAM_MUNICIPALITY).toBe('http://127.0.0.1:4101');
    expect(env.PORTAL_UPSTREAM_PARTNER_GATEWAY).toBe('http://127.0.0.1:3106');
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(env.KAFKA_SESSION_TIMEOUT_MS).toBe('6000');
  });

  it('keeps the portal addresses the caller set', () => {
    const env = serviceEnvironment(
      { PORTAL_UPSTREAM_GP: 'https://gp.example.nl', PORTAL_PUBLIC_URL: 'https://portal.example.nl' },
      localServicePorts({}),
      settings,
    );

    expect(env.PORTAL_UPSTREAM_GP).toBe('https://gp.example.nl');
    expect(env.PORTAL_PUBLIC_URL).toBe('https://portal.example.nl');
  });
});

describe('runningBanner', () => {
  it('prints the ports the services really listen on', () => {
    // when
    const banner = runningBanner({
      ports: localServicePorts({ PORTAL_PORT: '4100', TIMELINE_PORT: '4105' }),
      kafkaBrokers: '127.0.0.1:9092',
      brokerControlUrl: undefined,
      databaseUrl: 'postgres://postgres:secret@127.0.0.1:5432/postgres',
      dataDir: '/tmp/data',
      logDir: '/tmp/data/logs',
    });

    // then
    expect(banner).toContain('Open the portal: http://127.0.0.1:4100');
    expect(banner).toMatch(/^ {2}timeline {9}http:\/\/127\.0\.0\.1:4105 {3}API docs http:\/\/127\.0\.0\.1:4105\/docs/m);
    expect(banner).toMatch(/^ {2}partner-gateway +http:\/\/127\.0\.0\.1:3106/m);
    expect(banner).toContain('postgres://***@127.0.0.1:5432/postgres');
    expect(banner).not.toContain('secret');
  });
});

describe('claimStartLock', () => {
  let dir: string;
  let file: string;
  const children: ChildProcess[] = [];
  const lock = { pid: process.pid, portalUrl: 'http://127.0.0.1:3100' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ketenpad-start-lock-'));
    file = join(dir, 'ketenpad-start.json');
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** A process that sleeps; `ketenpad` among its arguments makes it look like a running `ketenpad start`. */
  function sleeper(...argv: string[]): ChildProcess {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 30_000)', ...argv], { stdio: 'ignore' });
    children.push(child);
    return child;
  }

  it('claims a free lock', () => {
    expect(claimStartLock(file, lock)).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(lock);
  });

  it('returns the lock of a ketenpad start that still runs, and leaves it', () => {
    // given
    const running = { pid: sleeper('ketenpad', 'start').pid!, portalUrl: 'http://127.0.0.1:4100' };
    writeFileSync(file, JSON.stringify(running));

    // when / then
    expect(claimStartLock(file, lock)).toEqual(running);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(running);
  });

  it('takes over a lock whose process is gone', async () => {
    // given
    const gone = sleeper('ketenpad', 'start');
    const exited = new Promise((resolveExit) => gone.once('exit', resolveExit));
    gone.kill('SIGKILL');
    await exited;
    writeFileSync(file, JSON.stringify({ pid: gone.pid, portalUrl: 'http://127.0.0.1:3100' }));

    // when / then
    expect(claimStartLock(file, lock)).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(lock);
  });

  it('takes over a lock whose pid now belongs to another program', () => {
    // given
    writeFileSync(file, JSON.stringify({ pid: sleeper().pid, portalUrl: 'http://127.0.0.1:3100' }));

    // when / then
    expect(claimStartLock(file, lock)).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(lock);
  });
});

describe('cannotListen', () => {
  it('names the error of a port something listens on, and nothing for a free one', async () => {
    // given
    const server: Server = createServer();
    await new Promise<void>((resolveListen) => server.listen({ host: '127.0.0.1', port: 0 }, resolveListen));
    const { port } = server.address() as AddressInfo;

    // when / then
    expect(await cannotListen('127.0.0.1', port)).toBe('EADDRINUSE');
    await new Promise((resolveClose) => server.close(resolveClose));
    expect(await cannotListen('127.0.0.1', port)).toBeUndefined();
  });
});
