import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySecretFiles, ConfigError } from '@ketenpad/runtime';
import { loadPortalConfig } from '../src/config/portal.config';

describe('portal configuration', () => {
  it('defaults to the local stack in development: port 3100, loopback, every service on its own port, dev sign-in on', () => {
    // given an empty development environment
    // when the configuration is loaded
    const config = loadPortalConfig({ NODE_ENV: 'development' });

    // then it runs on its own against the local services
    expect(config).toMatchObject({
      mode: 'development',
      host: '127.0.0.1',
      port: 3100,
      publicUrl: 'http://127.0.0.1:3100',
      oidc: null,
      devSignIn: true,
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 10 * 60 * 60_000,
    });
    expect(config.upstreams).toEqual({
      municipality: 'http://127.0.0.1:3101',
      'social-work': 'http://127.0.0.1:3102',
      'court-liaison': 'http://127.0.0.1:3103',
      gp: 'http://127.0.0.1:3104',
      timeline: 'http://127.0.0.1:3105',
      'partner-gateway': 'http://127.0.0.1:3106',
    });
    expect(config.webDir).toMatch(/services\/portal\/web\/dist$/);
  });

  it('reports every problem at once, and requires OpenID Connect and https in production', () => {
    // given a production environment missing nearly everything
    const env = { NODE_ENV: 'production', PORTAL_PORT: 'abc', PORTAL_UPSTREAM_GP: 'ftp://gp' };

    // when the configuration is loaded
    let error: unknown;
    try {
      loadPortalConfig(env);
    } catch (caught) {
      error = caught;
    }

    // then one error lists all problems
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORTAL_PORT must be a port number/);
    expect(message).toMatch(/PORTAL_PUBLIC_URL is required in production/);
    expect(message).toMatch(/PORTAL_UPSTREAM_GP must be an http\(s\) URL/);
    expect(message).toMatch(
      /PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are required in production/,
    );
  });

  it('starts in production with OIDC from a secret file: 0.0.0.0, no dev sign-in', () => {
    // given a production environment with the client secret mounted as a file
    const secretFile = join(mkdtempSync(join(tmpdir(), 'portal-secret-')), 'secret');
    writeFileSync(secretFile, 's3cret\n');

    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      PORTAL_PUBLIC_URL: 'https://portaal.ketenpad.example/',
      PORTAL_OIDC_ISSUER: 'https://login.ketenpad.example/realms/ketenpad',
      PORTAL_OIDC_CLIENT_ID: 'portal',
      PORTAL_OIDC_CLIENT_SECRET_FILE: secretFile,
    };

    // when the secret files are read, as main does first, and the configuration is loaded
    applySecretFiles(env);
    const config = loadPortalConfig(env);

    // then the secret is read, the trailing slash dropped, and the development sign-in is off
    expect(config).toMatchObject({
      mode: 'production',
      host: '0.0.0.0',
      publicUrl: 'https://portaal.ketenpad.example',
      devSignIn: false,
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.ketenpad.example/realms/ketenpad',
      clientId: 'portal',
      clientSecret: 's3cret',
      allowHttp: false,
    });
  });

  it('refuses an http issuer in production and half an OIDC configuration anywhere', () => {
    // given an http issuer in production, and a development issuer without a client
    // when loaded
    // then both are refused with the reason
    expect(() =>
      loadPortalConfig({
        NODE_ENV: 'production',
        PORTAL_PUBLIC_URL: 'https://portaal.ketenpad.example',
        PORTAL_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/ketenpad',
        PORTAL_OIDC_CLIENT_ID: 'portal',
        PORTAL_OIDC_CLIENT_SECRET: 'x',
      }),
    ).toThrow(/PORTAL_OIDC_ISSUER must be an https URL/);
    expect(() =>
      loadPortalConfig({ NODE_ENV: 'development', PORTAL_OIDC_ISSUER: 'http://localhost:8080/realms/k' }),
    ).toThrow(/PORTAL_OIDC_CLIENT_ID is required[\s\S]*PORTAL_OIDC_CLIENT_SECRET \(or _FILE\) is required/);
  });

  it('refuses a public URL over plain http in production', () => {
    // given a production environment complete but for https
    // when loaded
    // then the reason is given
    expect(() =>
      loadPortalConfig({
        NODE_ENV: 'production',
        PORTAL_PUBLIC_URL: 'http://portaal.ketenpad.example',
        PORTAL_OIDC_ISSUER: 'https://login.ketenpad.example/realms/ketenpad',
        PORTAL_OIDC_CLIENT_ID: 'portal',
        PORTAL_OIDC_CLIENT_SECRET: 'x',
      }),
    ).toThrow(/PORTAL_PUBLIC_URL must use https in production/);
  });

  it('takes the port from PORTAL_PORT before PORT', () => {
    // given both variables
    // when loaded
    // then the portal's own wins
    expect(loadPortalConfig({ NODE_ENV: 'test', PORTAL_PORT: '4100', PORT: '5000' }).port).toBe(4100);
    expect(loadPortalConfig({ NODE_ENV: 'test', PORT: '5000' }).port).toBe(5000);
  });
});
