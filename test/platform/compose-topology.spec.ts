import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readOrganisationDirectory } from '@ketenpad/auth';
import { SERVICE_PORTS, type ServiceName } from '@ketenpad/runtime';

/**
 * No Docker engine runs where these tests run, so this checks the compose file
 * against what actually exists: every service directory is deployed, on its
 * DESIGN.md port, with its database and Kafka configured, on Kafka in KRaft mode
 * with topics provisioned by a job.
 */
const root = join(__dirname, '../..');
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const serviceDirs = readdirSync(join(root, 'services')).filter((d) =>
  existsSync(join(root, 'services', d, 'src/main.ts')),
);
/** The portal is a backend-for-frontend: no database, no Kafka (DESIGN.md, "The portal"). */
const chainServiceDirs = serviceDirs.filter((d) => d !== 'portal');

describe('docker-compose.yml', () => {
  it('deploys every service that exists, and nothing that does not', () => {
    const deployed = Object.entries(compose.services)
      .filter(([, s]) => s.build?.args?.SERVICE)
      .map(([name]) => name)
      .sort();
    expect(serviceDirs.length).toBeGreaterThan(0);
    expect(deployed).toEqual([...serviceDirs].sort());
  });

  it.each(chainServiceDirs)('runs %s from the shared Dockerfile on its own port with a database and Kafka', (dir) => {
    const s = compose.services[dir]!;
    const port = SERVICE_PORTS[dir as ServiceName];
    expect(existsSync(join(root, s.build!.dockerfile))).toBe(true);
    expect(s.build!.args!.SERVICE).toBe(dir);
    expect(s.ports).toEqual([`${port}:${port}`]);
    const env = s.environment!;
    expect(env[`${dir.toUpperCase().replace(/-/g, '_')}_PORT`]).toBe(port);
    expect(env.NODE_ENV).toBe('production');
    expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    // Production refuses the dev token issuer: a real JWKS must be configured.
    expect(String(env.AUTH_JWKS_URL)).toMatch(/^\$\{AUTH_JWKS_URL|^https:/);
    expect(Object.keys(s.depends_on ?? {}).sort()).toEqual(['kafka', 'postgres', 'topics']);
  });

  it.each(chainServiceDirs)('gives %s an organisation directory that production accepts', (dir) => {
    // Production refuses to start without one (AUTH_ORGANISATION_DIRECTORY), so it must be mounted where it is read.
    const s = compose.services[dir]!;
    const path = String(s.environment!.AUTH_ORGANISATION_DIRECTORY);
    // host:container[:ro], where host may be ${VARIABLE:-default}
    const mounts = (s.volumes ?? []).map((v) => /^(?:\$\{[A-Z_]+:-([^}]+)\}|([^:]+)):([^:]+)(?::ro)?$/.exec(v));
    const mount = mounts.find((m) => m?.[3] === path);
    expect(mount).toBeDefined();
    const hostFile = mount![1] ?? mount![2]!;
    const directory = readOrganisationDirectory(join(root, hostFile));
    expect(directory.map((o) => o.kind)).toEqual(expect.arrayContaining(['municipality', 'coordinator']));
  });

  it.each(chainServiceDirs)(
    'connects %s as its own app role and migrates as its own owner role, never as the superuser',
    (dir) => {
      const env = compose.services[dir]!.environment!;
      const role = dir.replace(/-/g, '_');
      const app = new URL(String(env.DATABASE_URL));
      const owner = new URL(String(env.DATABASE_MIGRATION_URL));
      const superuser = String(compose.services.postgres!.environment!.POSTGRES_USER);
      expect({ app: app.username, owner: owner.username }).toEqual({
        app: `ketenpad_${role}_app`,
        owner: `ketenpad_${role}_owner`,
      });
      expect([app.pathname, owner.pathname]).toEqual([`/ketenpad_${role}`, `/ketenpad_${role}`]);
      for (const user of [app.username, owner.username]) {
        expect(user).not.toBe('postgres');
        expect(user).not.toBe(superuser);
      }
    },
  );

  it('gives every chain service its own pair of database passwords, the ones PostgreSQL creates its roles with', () => {
    // given the passwords in each service's URLs (${VARIABLE:-default}) and the variables postgres-init reads
    const postgresEnv = compose.services.postgres!.environment!;
    const seen = new Map<string, string>();
    for (const dir of chainServiceDirs) {
      const env = compose.services[dir]!.environment!;
      for (const [url, kind] of [
        [String(env.DATABASE_URL), 'APP'],
        [String(env.DATABASE_MIGRATION_URL), 'OWNER'],
      ] as const) {
        const password = /^postgres:\/\/[^:]+:(.+)@postgres:/.exec(url)![1]!;
        const variable = `${dir.toUpperCase().replace(/-/g, '_')}_DB_${kind}_PASSWORD`;
        // then the URL uses the service's own variable, postgres gets the same value, and no two roles share one
        expect(password).toMatch(new RegExp(`^\\$\\{${variable}:-.+\\}$`));
        expect(postgresEnv[variable]).toBe(password);
        expect(seen.get(password)).toBeUndefined();
        seen.set(password, `${dir} ${kind}`);
      }
    }
    expect(seen.size).toBe(chainServiceDirs.length * 2);
  });

  it('creates each chain service’s owner and app roles and database when PostgreSQL initialises', () => {
    const mount = (compose.services.postgres!.volumes ?? []).find((v) => v.endsWith(':/docker-entrypoint-initdb.d:ro'));
    expect(mount).toBeDefined();
    const dir = join(root, mount!.split(':')[0]!);
    const script = readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    const services = /for service in ([a-z_ ]+); do/.exec(script)![1]!.split(' ');
    expect(services.sort()).toEqual(chainServiceDirs.map((d) => d.replace(/-/g, '_')).sort());
    expect(script).toContain('owner="ketenpad_${service}_owner"');
    expect(script).toContain('app="ketenpad_${service}_app"');
    expect(script).toContain('CREATE DATABASE :"db" OWNER :"owner"');
    // each role's password comes from the service's own variable
    expect(script).toContain('owner_variable="${service^^}_DB_OWNER_PASSWORD"');
    expect(script).toContain('app_variable="${service^^}_DB_APP_PASSWORD"');
    expect(script).not.toMatch(/SUPERUSER(?<!NOSUPERUSER)/);
  });

  it('runs the portal on its port against every chain service, with OIDC and without a database or Kafka', () => {
    const s = compose.services.portal!;
    const env = s.environment!;
    expect(s.build!.args!.SERVICE).toBe('portal');
    expect(s.ports).toEqual([`${SERVICE_PORTS.portal}:${SERVICE_PORTS.portal}`]);
    expect(env.PORTAL_PORT).toBe(SERVICE_PORTS.portal);
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KAFKA_BROKERS).toBeUndefined();
    expect(String(env.PORTAL_OIDC_ISSUER)).toMatch(/^\$\{AUTH_ISSUER|^https:/);
    for (const dir of chainServiceDirs) {
      const variable = `PORTAL_UPSTREAM_${dir.toUpperCase().replace(/-/g, '_')}`;
      expect(env[variable]).toBe(`http://${dir}:${SERVICE_PORTS[dir as ServiceName]}`);
      expect(compose.services[dir]).toBeDefined();
    }
  });

  it('runs Apache Kafka in KRaft mode without automatic topic creation', () => {
    const kafka = compose.services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(String(kafka.environment!.KAFKA_PROCESS_ROLES)).toContain('controller');
    expect(kafka.environment!.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(Object.keys(compose.services)).not.toContain('zookeeper');
  });

  it('provisions the topics with a one-shot job using a command the CLI really has', () => {
    const job = compose.services.topics!;
    expect(job.command).toEqual(['node', 'infra/cli/bin/ketenpad.js', 'provision-topics']);
    // the built CLI knows the command: its help answers with exit code 0 (an unknown command is exit 2)
    const help = spawnSync(process.execPath, [join(root, 'infra/cli/bin/ketenpad.js'), 'provision-topics', '--help'], {
      encoding: 'utf8',
    });
    expect({ status: help.status, usage: help.stdout }).toEqual({
      status: 0,
      usage: expect.stringContaining('provision-topics'),
    });
    expect(existsSync(join(root, 'contracts/topics.json'))).toBe(true);
  });

  it('starts the same services locally (`npm start`) as it deploys', () => {
    const cli = readFileSync(join(root, 'infra/cli/src/start.command.ts'), 'utf8');
    const local = /LOCAL_SERVICES: readonly ServiceName\[\] = \[([^\]]*)\]/
      .exec(cli)![1]!
      .match(/'([a-z-]+)'/g)!
      .map((s) => s.slice(1, -1));
    expect(local.sort()).toEqual([...serviceDirs].sort());
  });
});
