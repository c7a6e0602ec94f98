import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DEV_ISSUER, DevIssuer, TokenVerifier, devIssuerKeyPath, loadAuthConfig } from '../src';

describe('DevIssuer', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ketenpad-auth-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates one key under <dataDir>/dev-issuer/key.json, readable only by its owner, and reuses it', async () => {
    // given
    const keyPath = devIssuerKeyPath({ KETENPAD_DATA_DIR: dataDir });

    // when
    const first = await DevIssuer.open(keyPath);
    const second = await DevIssuer.open(keyPath);

    // then
    expect(keyPath).toBe(join(dataDir, 'dev-issuer', 'key.json'));
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    expect(first.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(first.publicJwk).not.toHaveProperty('d');
  });

  it('ends up with a single key when many openers race on a fresh directory', async () => {
    // given
    const keyPath = join(dataDir, 'dev-issuer', 'key.json');

    // when
    const issuers = await Promise.all(Array.from({ length: 12 }, () => DevIssuer.open(keyPath)));

    // then
    const kids = new Set(issuers.map((issuer) => issuer.publicJwk.kid));
    expect(kids.size).toBe(1);
    const stored = JSON.parse(await readFile(keyPath, 'utf8')) as { kid: string };
    expect(kids.has(stored.kid)).toBe(true);
    expect(await readdir(join(dataDir, 'dev-issuer'))).toEqual(['key.json']);
  });

  it('issues a token with the Ketenpad claims that the dev-mode verifier accepts', async () => {
    // given
    const env = { NODE_ENV: 'development', KETENPAD_DATA_DIR: dataDir };
    const issuer = await DevIssuer.open(devIssuerKeyPath(env));
    const verifier = await TokenVerifier.create(loadAuthConfig(env));

    // when
    const token = await issuer.issueFor('GM0363', ['counsellor'], { ttlSeconds: 600 });
    const principal = await verifier.verify(token);

    // then
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: DEV_ISSUER,
      aud: 'ketenpad',
      sub: 'dev:GM0363:counsellor',
      org_id: 'GM0363',
      org_kind: 'municipality',
      roles: ['counsellor'],
      municipality: 'GM0363',
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: issuer.publicJwk.kid });
    expect(principal).toEqual({
      subject: 'dev:GM0363:counsellor',
      organisation: { id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' },
      roles: ['counsellor'],
    });
  });

  it('refuses to issue a token whose claims a verifier would reject', async () => {
    // given
    const issuer = await DevIssuer.open(join(dataDir, 'key.json'));

    // when
    const issuing = issuer.issueFor('HA-0001', ['counsellor']);

    // then
    await expect(issuing).rejects.toThrow(/belongs to a municipality organisation/);
  });

  it('is unavailable in production', async () => {
    await expect(DevIssuer.open(join(dataDir, 'key.json'), { env: { NODE_ENV: 'production' } })).rejects.toThrow(
      /disabled in production/,
    );
  });

  it('is unavailable under any NODE_ENV other than development or test, so a typo cannot enable it', async () => {
    for (const NODE_ENV of ['prod', 'Production', 'staging']) {
      await expect(DevIssuer.open(join(dataDir, 'key.json'), { env: { NODE_ENV } })).rejects.toThrow(
        /disabled in production/,
      );
    }
  });

  it('cannot back a verifier in production even when configured by hand', async () => {
    // given
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';

    try {
      // when
      const creating = TokenVerifier.create({
        issuer: DEV_ISSUER,
        audience: 'ketenpad',
        key: { kind: 'dev-issuer', keyPath: join(dataDir, 'key.json') },
        maxTokenAgeSeconds: 3600,
      });

      // then
      await expect(creating).rejects.toThrow(/disabled in production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
