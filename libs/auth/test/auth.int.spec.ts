import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SignJWT, exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import { JsonLogger } from '@ketenpad/runtime';
import {
  AuthModule,
  CurrentPrincipal,
  DevIssuer,
  RequireRoles,
  loadAuthConfig,
  type AuthConfig,
  type Principal,
} from '../src';

@Controller()
class ProbeController {
  @Get('health')
  health(): { status: string } {
    return { status: 'up' };
  }

  @Get('api/v1/ping')
  ping(@CurrentPrincipal() principal: Principal): { organisation: string; roles: string[] } {
    return { organisation: principal.organisation.id, roles: principal.roles };
  }

  @Get('api/v1/admin')
  @RequireRoles('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

const silent = new JsonLogger('auth-test', undefined, 'error', () => undefined);

async function startApp(config: AuthConfig): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [AuthModule.forRoot(config, { logger: silent })], controllers: [ProbeController] })
  class ProbeModule {}
  const app = await NestFactory.create(ProbeModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

function get(url: string, token?: string): Promise<Response> {
  return fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

async function expectUnauthorized(response: Response, message: RegExp): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="ketenpad"/);
  const body = (await response.json()) as { statusCode: number; error: string; message: string };
  expect(body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
  expect(body.message).toMatch(message);
}

describe('bearer authentication with a configured RS256 public key', () => {
  const ISSUER = 'https://idp.test/realms/ketenpad';
  let signingKey: KeyLike;
  let app: INestApplication;
  let url: string;

  const claims = { org_id: 'GM0363', org_kind: 'municipality', roles: ['counsellor'] };
  function sign(
    payload: Record<string, unknown> = claims,
    options: {
      key?: KeyLike;
      alg?: string;
      issuer?: string;
      audience?: string;
      expiresAt?: number;
      notBefore?: number;
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: options.alg ?? 'RS256' })
      .setSubject('user-42')
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? 'ketenpad')
      .setIssuedAt(now)
      .setNotBefore(options.notBefore ?? now)
      .setExpirationTime(options.expiresAt ?? now + 300)
      .sign(options.key ?? signingKey);
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    // Production rules apply: real issuer, real key, no dev issuer.
    const config = loadAuthConfig({
      NODE_ENV: 'production',
      AUTH_ISSUER: ISSUER,
      AUTH_PUBLIC_KEY: await exportSPKI(pair.publicKey),
      AUTH_ORGANISATION_DIRECTORY: join(__dirname, '../../../infra/docker/organisations.example.json'),
    });
    ({ app, url } = await startApp(config));
  });

  afterAll(async () => {
    await app.close();
  });

  it('leaves routes outside /api/v1 public', async () => {
    const response = await get(`${url}/health`);
    expect(response.status).toBe(200);
  });

  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    // given no Authorization header

    // when
    const response = await get(`${url}/api/v1/ping`);

    // then
    await expectUnauthorized(response, /bearer token is required/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ketenpad"');
  });

  it('answers 401 to a garbage token', async () => {
    await expectUnauthorized(await get(`${url}/api/v1/ping`, 'not-a-jwt'), /invalid/);
  });

  it('answers 401 to an Authorization header that is not a bearer token', async () => {
    const response = await fetch(`${url}/api/v1/ping`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    await expectUnauthorized(response, /Bearer <token>/);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('answers 401 to a token that expired beyond the clock tolerance', async () => {
    // given
    const token = await sign(claims, { expiresAt: Math.floor(Date.now() / 1000) - 60 });

    // when
    const response = await get(`${url}/api/v1/ping`, token);

    // then
    await expectUnauthorized(response, /expired/);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('accepts a token that expired within the 30 s clock tolerance', async () => {
    const token = await sign(claims, { expiresAt: Math.floor(Date.now() / 1000) - 10 });
    expect((await get(`${url}/api/v1/ping`, token)).status).toBe(200);
  });

  it('answers 401 to a token that is not valid yet', async () => {
    const token = await sign(claims, { notBefore: Math.floor(Date.now() / 1000) + 120 });
    await expectUnauthorized(await get(`${url}/api/v1/ping`, token), /"nbf"/);
  });

  it('answers 401 to a token for another audience', async () => {
    await expectUnauthorized(await get(`${url}/api/v1/ping`, await sign(claims, { audience: 'other-app' })), /"aud"/);
  });

  it('answers 401 to a token from another issuer', async () => {
    await expectUnauthorized(
      await get(`${url}/api/v1/ping`, await sign(claims, { issuer: 'https://evil.test' })),
      /"iss"/,
    );
  });

  it('answers 401 to a token signed with another key', async () => {
    const other = await generateKeyPair('RS256');
    await expectUnauthorized(
      await get(`${url}/api/v1/ping`, await sign(claims, { key: other.privateKey })),
      /signature/,
    );
  });

  it('answers 401 to a token signed with HMAC using the public key as secret', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
    await expectUnauthorized(
      await get(`${url}/api/v1/ping`, await sign(claims, { key: secret as unknown as KeyLike, alg: 'HS256' })),
      /algorithm/,
    );
  });

  it('answers 401 to a validly signed token with invalid claims', async () => {
    const token = await sign({ ...claims, roles: ['counsellor', 'root'] });
    await expectUnauthorized(await get(`${url}/api/v1/ping`, token), /unknown role/);
  });

  it('protects /api/v1 whatever the case and slashes of the URL', async () => {
    expect((await get(`${url}/API/V1/ping`)).status).toBe(401);
    expect((await get(`${url}//api//v1/ping`)).status).not.toBe(200);
  });

  it('lets a valid token through and hands the principal to the handler', async () => {
    // given
    const token = await sign();

    // when
    const response = await get(`${url}/api/v1/ping`, token);

    // then
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ organisation: 'GM0363', roles: ['counsellor'] });
  });

  it('answers 403 when the caller lacks the required role', async () => {
    // given
    const token = await sign();

    // when
    const response = await get(`${url}/api/v1/admin`, token);

    // then
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
      message: expect.stringMatching(/admin/),
    });
  });

  it('lets a caller with the required role through', async () => {
    const token = await sign({ ...claims, roles: ['counsellor', 'admin'] });
    expect((await get(`${url}/api/v1/admin`, token)).status).toBe(200);
  });
});

describe('bearer authentication against a JWKS endpoint', () => {
  let dataDir: string;
  let issuer: DevIssuer;
  let stranger: DevIssuer;
  let jwksServer: Server;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ketenpad-auth-jwks-'));
    issuer = await DevIssuer.open(join(dataDir, 'issuer', 'key.json'));
    stranger = await DevIssuer.open(join(dataDir, 'stranger', 'key.json'));
    jwksServer = createServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks()));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    const config = loadAuthConfig({
      NODE_ENV: 'test',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    });
    ({ app, url } = await startApp(config));
  });

  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts a token signed with a key the endpoint publishes', async () => {
    // given
    const token = await issuer.issueFor('SW-AMS', ['social-worker']);

    // when
    const response = await get(`${url}/api/v1/ping`, token);

    // then
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ organisation: 'SW-AMS', roles: ['social-worker'] });
  });

  it('answers 401 to a token signed with a key the endpoint does not publish', async () => {
    const token = await stranger.issueFor('SW-AMS', ['social-worker']);
    await expectUnauthorized(await get(`${url}/api/v1/ping`, token), /unknown key/);
  });
});
