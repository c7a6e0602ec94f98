import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@ketenpad/runtime';
import { loadAuthConfig } from './auth.config';
import { DEV_ISSUER } from './dev-issuer';

const PEM = '-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----';
/** The example directory docker-compose mounts: a valid production directory. */
const DIRECTORY = join(__dirname, '../../../infra/docker/organisations.example.json');

/** The problems a load reports, or none. */
function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadAuthConfig', () => {
  it('falls back to the development issuer and its key file outside production', () => {
    // given
    const env = { NODE_ENV: 'development', KETENPAD_DATA_DIR: '/tmp/kp-data' };

    // when
    const config = loadAuthConfig(env);

    // then
    expect(config).toEqual({
      issuer: DEV_ISSUER,
      audience: 'ketenpad',
      key: { kind: 'dev-issuer', keyPath: '/tmp/kp-data/dev-issuer/key.json' },
      maxTokenAgeSeconds: 3600,
    });
  });

  it('uses the JWKS endpoint, issuer and audience that are configured', () => {
    // given
    const env = {
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://idp.example/realms/keten',
      AUTH_AUDIENCE: 'ketenpad-api',
      AUTH_JWKS_URL: 'https://idp.example/certs',
      AUTH_ORGANISATION_DIRECTORY: DIRECTORY,
    };

    // when
    const config = loadAuthConfig(env);

    // then
    expect(config).toMatchObject({
      issuer: 'https://idp.example/realms/keten',
      audience: 'ketenpad-api',
      key: { kind: 'jwks', url: 'https://idp.example/certs' },
      maxTokenAgeSeconds: 3600,
    });
    expect(config.directory?.map((o) => o.id)).toEqual([
      'GM0363',
      'GM0344',
      'GM0599',
      'SW-AMS',
      'RB-AMS',
      'HA-0001',
      'PT-WOONSTAD',
      'KR-001',
    ]);
  });

  it('restores the line breaks of a PEM key flattened into one line', () => {
    // given
    const env = {
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_PUBLIC_KEY: PEM.replace(/\n/g, '\\n'),
      AUTH_ORGANISATION_DIRECTORY: DIRECTORY,
    };

    // when
    const config = loadAuthConfig(env);

    // then
    expect(config.key).toEqual({ kind: 'public-key', key: PEM });
  });

  it('refuses to start in production without a key source', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'https://idp.example' })).toThrow(
      /AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required/,
    );
  });

  it('refuses to start in production without an issuer', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/certs' })).toThrow(
      /AUTH_ISSUER is required/,
    );
  });

  it('reports every problem at once: no issuer, no key source and a JWKS URL that is none', () => {
    // given
    const env = { NODE_ENV: 'production', AUTH_JWKS_URL: 'not a url' };
    const missing = { NODE_ENV: 'production' };

    // when / then
    expect(problemsOf(() => loadAuthConfig(env))).toEqual([
      'AUTH_ISSUER is required in production',
      'AUTH_JWKS_URL is not a URL: not a url',
      'AUTH_ORGANISATION_DIRECTORY is required in production: the JSON file of organisations tokens may name',
    ]);
    expect(problemsOf(() => loadAuthConfig(missing))).toEqual([
      'AUTH_ISSUER is required in production',
      'AUTH_ORGANISATION_DIRECTORY is required in production: the JSON file of organisations tokens may name',
      'AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production',
    ]);
  });

  it('refuses the development issuer in production even with a real key', () => {
    // given
    const env = { NODE_ENV: 'production', AUTH_ISSUER: DEV_ISSUER, AUTH_PUBLIC_KEY: PEM };

    // when
    const load = (): unknown => loadAuthConfig(env);

    // then
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/development issuer/);
  });

  it('refuses a JWKS endpoint over plain HTTP in production, except on loopback', () => {
    // given
    const base = { NODE_ENV: 'production', AUTH_ISSUER: 'https://idp.example', AUTH_ORGANISATION_DIRECTORY: DIRECTORY };

    // when / then
    expect(() => loadAuthConfig({ ...base, AUTH_JWKS_URL: 'http://idp.example/certs' })).toThrow(/https/);
    expect(loadAuthConfig({ ...base, AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' }).key).toEqual({
      kind: 'jwks',
      url: 'http://127.0.0.1:8080/certs',
    });
  });

  it('refuses both a JWKS endpoint and a public key, which would be ambiguous', () => {
    expect(() => loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_PUBLIC_KEY: PEM })).toThrow(
      /not both/,
    );
  });
});

describe('the maximum token age', () => {
  it('is an hour unless set, and takes whole seconds from a minute to a day', () => {
    expect(loadAuthConfig({}).maxTokenAgeSeconds).toBe(3600);
    expect(loadAuthConfig({ AUTH_MAX_TOKEN_AGE_SECONDS: '900' }).maxTokenAgeSeconds).toBe(900);
    for (const wrong of ['0', '59', '86401', '1h', '-5'])
      expect(() => loadAuthConfig({ AUTH_MAX_TOKEN_AGE_SECONDS: wrong })).toThrow(
        /AUTH_MAX_TOKEN_AGE_SECONDS must be a whole number of seconds from 60 to 86400/,
      );
  });
});

describe('loadAuthConfig with a mistyped NODE_ENV', () => {
  it('stops instead of treating "prod" as development and trusting the dev issuer', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'prod' })).toThrow(ConfigError);
    expect(() => loadAuthConfig({ NODE_ENV: 'Production' })).toThrow(/NODE_ENV must be/);
  });

  it('lists what production would refuse along with it', () => {
    expect(problemsOf(() => loadAuthConfig({ NODE_ENV: 'prod' }))).toEqual([
      'NODE_ENV must be production, development or test, not "prod"',
      'AUTH_ISSUER is required in production',
      'AUTH_ORGANISATION_DIRECTORY is required in production: the JSON file of organisations tokens may name',
      'AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production',
    ]);
  });
});

describe('the organisation directory', () => {
  const write = (document: unknown): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'kp-directory-')), 'organisations.json');
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
    return path;
  };

  it('is optional outside production, where development tokens may name any organisation', () => {
    expect(loadAuthConfig({ NODE_ENV: 'development' }).directory).toBeUndefined();
  });

  it('names every wrong entry of a directory file at once', () => {
    // given
    const path = write({
      organisations: [
        { id: 'GM0363', kind: 'municipality', name: 'Gemeente Amsterdam' },
        { id: 'ketenpad', kind: 'gp', name: 'The platform' },
        { id: 'SW-1', kind: 'bank', name: '' },
        { id: 'GM0363', kind: 'municipality', name: 'Amsterdam again' },
        { id: 'AMS', kind: 'municipality', name: 'Not a CBS code' },
      ],
    });

    // when
    const problems = problemsOf(() => loadAuthConfig({ AUTH_ORGANISATION_DIRECTORY: path }));

    // then
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^AUTH_ORGANISATION_DIRECTORY has invalid entries/);
    expect(problems[0]).toContain('organisations[1]: "id" "ketenpad" is reserved for the platform');
    expect(problems[0]).toContain('organisations[2]: "kind" must be one of');
    expect(problems[0]).toContain('organisations[2]: "name" must be a non-empty text');
    expect(problems[0]).toContain('organisations[3]: "GM0363" is listed twice');
    expect(problems[0]).toContain("organisations[4]: a municipality's id (and municipalityCode) must be its CBS code");
    expect(problems[0]).not.toContain('organisations[0]');
  });

  it('refuses a file that is missing, no JSON or has no organisations', () => {
    for (const path of ['/nonexistent/organisations.json', write('{ not json'), write({ organisations: [] })])
      expect(problemsOf(() => loadAuthConfig({ AUTH_ORGANISATION_DIRECTORY: path }))).toEqual([
        expect.stringMatching(
          /^AUTH_ORGANISATION_DIRECTORY (cannot be read as JSON|must hold a non-empty "organisations" array)/,
        ),
      ]);
  });
});
