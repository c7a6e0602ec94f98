import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { createServiceApp, JsonLogger, RuntimeModule } from '@ketenpad/runtime';
import { AuthModule, CurrentPrincipal, DevIssuer, loadAuthConfig, type AuthConfig, type Principal } from '../src';

@Controller('api/v1')
class ProbeController {
  @Get('ping')
  ping(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }
}

const silent = (): JsonLogger => new JsonLogger('token-rules-test', undefined, 'error', () => undefined);

async function startApp(
  config: AuthConfig,
  limits: { rateLimitPerMinute: number; unauthenticatedRateLimitPerMinute: number },
): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [
      RuntimeModule.forRoot({ service: 'token-rules-test', logger: silent(), http: limits }),
      AuthModule.forRoot(config, { logger: silent() }),
    ],
    controllers: [ProbeController],
  })
  class ProbeModule {}
  const app = await createServiceApp(ProbeModule, {
    service: 'token-rules-test',
    title: 't',
    description: 't',
    logger: silent(),
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: `${await app.getUrl()}/api/v1/ping` };
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const get = (url: string, token?: string): Promise<Response> =>
  fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
const CLAIMS = { org_id: 'GM0363', org_kind: 'municipality', roles: ['counsellor'] };

/**
 * A JWKS endpoint shaped like Keycloak's realm certs: an RS256 signing key, an
 * ES256 signing key and an RSA-OAEP encryption key, each with its `kid`.
 */
describe('tokens of an OIDC provider with a Keycloak-like JWKS', () => {
  const ISSUER = 'https://keycloak.test/realms/ketenpad';
  let rsa: KeyLike;
  let ec: KeyLike;
  let jwksServer: Server;
  let app: INestApplication;
  let url: string;

  function sign(
    kid: string,
    key: KeyLike,
    alg: 'RS256' | 'ES256',
    overrides: {
      audience?: string | string[];
      issuer?: string;
      expiresAt?: number;
      issuedAt?: number | null;
      claims?: Record<string, unknown>;
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ ...CLAIMS, azp: 'ketenpad-portal', typ: 'Bearer', ...overrides.claims })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setSubject('f:0b6c:counsellor-7')
      .setIssuer(overrides.issuer ?? ISSUER)
      .setAudience(overrides.audience ?? ['account', 'ketenpad'])
      .setExpirationTime(overrides.expiresAt ?? now + 300);
    if (overrides.issuedAt !== null) jwt.setIssuedAt(overrides.issuedAt ?? now);
    return jwt.sign(key);
  }

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    const encPair = await generateKeyPair('RSA-OAEP');
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    const keys: JWK[] = [
      { ...(await exportJWK(encPair.publicKey)), kid: 'enc-1', use: 'enc', alg: 'RSA-OAEP' },
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', use: 'sig', alg: 'ES256' },
    ];
    jwksServer = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })),
    );
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    const config = loadAuthConfig({
      NODE_ENV: 'production',
      AUTH_ISSUER: ISSUER,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/realms/ketenpad/protocol/openid-connect/certs`,
      AUTH_ORGANISATION_DIRECTORY: join(__dirname, '../../../infra/docker/organisations.example.json'),
    });
    ({ app, url } = await startApp(config, { rateLimitPerMinute: 0, unauthenticatedRateLimitPerMinute: 0 }));
  });

  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  });

  it('accepts RS256 and ES256 tokens whose audience list includes ketenpad', async () => {
    // when
    const viaRsa = await get(url, await sign('rsa-1', rsa, 'RS256'));
    const viaEc = await get(url, await sign('ec-1', ec, 'ES256'));

    // then
    expect([viaRsa.status, viaEc.status]).toEqual([200, 200]);
    expect(await viaRsa.json()).toEqual({ subject: 'f:0b6c:counsellor-7' });
  });

  it('refuses a correctly signed token whose organisation the directory does not list as such', async () => {
    // given tokens of the real issuer that name organisations the directory does not vouch for
    const claims = [
      { org_id: 'SW-RTD', org_kind: 'social-work', roles: ['social-worker'] }, // not listed
      { org_id: 'HA-0001', org_kind: 'partner', roles: ['partner'] }, // listed as a GP
      { org_id: 'SW-AMS', org_kind: 'social-work', roles: ['social-worker'], municipality: 'GM0599' }, // serves Amsterdam
      { org_id: 'sw-ams', org_kind: 'social-work', roles: ['social-worker'] }, // another spelling of the id
    ];

    // when
    const statuses = await Promise.all(
      claims.map(async (c) => (await get(url, await sign('rsa-1', rsa, 'RS256', { claims: c }))).status),
    );
    const listed = await get(
      url,
      await sign('rsa-1', rsa, 'RS256', {
        claims: { org_id: 'SW-AMS', org_kind: 'social-work', roles: ['social-worker'], municipality: 'GM0363' },
      }),
    );
    const unlisted = await get(url, await sign('rsa-1', rsa, 'RS256', { claims: claims[0] }));

    // then
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(listed.status).toBe(200);
    expect(unlisted.headers.get('www-authenticate')).toMatch(
      /organisation 'SW-RTD' is not in the organisation directory/,
    );
  });

  it('refuses a token whose audience list lacks ketenpad, or from another realm', async () => {
    expect((await get(url, await sign('rsa-1', rsa, 'RS256', { audience: ['account'] }))).status).toBe(401);
    expect(
      (await get(url, await sign('rsa-1', rsa, 'RS256', { issuer: 'https://keycloak.test/realms/other' }))).status,
    ).toBe(401);
  });

  it('refuses an expired token', async () => {
    const expired = await sign('rsa-1', rsa, 'RS256', { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
    const res = await get(url, expired);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe('bearer token has expired');
  });

  it('refuses a token issued more than an hour ago, even one valid for ten years, and one without iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tenYears = 10 * 365 * 86_400;
    // a ten-year token is accepted in its first hour, and refused once it is older than AUTH_MAX_TOKEN_AGE_SECONDS (3600)
    expect((await get(url, await sign('rsa-1', rsa, 'RS256', { expiresAt: now + tenYears }))).status).toBe(200);
    const old = await get(url, await sign('rsa-1', rsa, 'RS256', { issuedAt: now - 3_700, expiresAt: now + tenYears }));
    expect(old.status).toBe(401);
    expect(((await old.json()) as { message: string }).message).toBe(
      'bearer token is older than the accepted maximum age',
    );
    const undated = await get(url, await sign('rsa-1', rsa, 'RS256', { issuedAt: null }));
    expect(undated.status).toBe(401);
    expect(((await undated.json()) as { message: string }).message).toMatch(/"iat"/);
  });

  it('refuses an unsigned token (alg none), even with a kid the JWKS knows', async () => {
    // given
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url({ alg: 'none', kid: 'rsa-1', typ: 'JWT' })}.${base64url({ ...CLAIMS, sub: 'x', iss: ISSUER, aud: 'ketenpad', exp: now + 300 })}.`;

    // when
    const res = await get(url, unsigned);

    // then
    expect(res.status).toBe(401);
  });

  it('refuses a token whose signature was made with the ES256 key but labelled as the RSA key', async () => {
    expect((await get(url, await sign('rsa-1', ec, 'ES256'))).status).toBe(401);
  });

  it('refuses a token with the payload swapped after signing', async () => {
    // given
    const [header, , signature] = (await sign('rsa-1', rsa, 'RS256')).split('.');
    const forged = `${header}.${base64url({ ...CLAIMS, roles: ['counsellor', 'admin'], sub: 'x', iss: ISSUER, aud: 'ketenpad', exp: Math.floor(Date.now() / 1000) + 300 })}.${signature}`;

    // when / then
    expect((await get(url, forged)).status).toBe(401);
  });
});

describe('rate limits applied by the auth guard', () => {
  let dataDir: string;
  let issuer: DevIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ketenpad-token-rules-'));
    issuer = await DevIssuer.open(join(dataDir, 'key.json'));
    const config: AuthConfig = {
      issuer: 'urn:ketenpad:dev-issuer',
      audience: 'ketenpad',
      key: { kind: 'public-key', key: JSON.stringify(issuer.publicJwk) },
      maxTokenAgeSeconds: 3600,
    };
    ({ app, url } = await startApp(config, { rateLimitPerMinute: 3, unauthenticatedRateLimitPerMinute: 2 }));
  });

  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After once a caller spent its allowance, without touching another caller', async () => {
    // given
    const busy = await issuer.issueFor('GM0363', ['counsellor'], { subject: 'busy-counsellor' });
    const other = await issuer.issueFor('GM0363', ['counsellor'], { subject: 'other-counsellor' });

    // when
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(url, busy)).status);
    const throttled = await get(url, busy);
    const neighbour = await get(url, other);

    // then
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await throttled.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(neighbour.status).toBe(200);
  });

  it('counts the same subject in another organisation as another caller', async () => {
    // given
    const here = await issuer.issueFor('SW-AMS', ['social-worker'], { subject: 'shared-sub' });
    const there = await issuer.issueFor('HA-0001', ['gp'], { subject: 'shared-sub' });
    for (let i = 0; i < 3; i++) await get(url, here);

    // when / then
    expect((await get(url, here)).status).toBe(429);
    expect((await get(url, there)).status).toBe(200);
  });

  it('throttles failed authentication attempts per client address', async () => {
    // when
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(url, 'forged.token.value')).status);

    // then
    expect(statuses).toEqual([401, 401, 429]);
  });
});
