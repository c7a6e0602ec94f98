import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, runtimeMode, SERVICE_PORTS, type ServiceName } from '@ketenpad/runtime';

/** The chain services the portal forwards to, by the name the app uses in `/api/<service>/…`. */
export const UPSTREAM_SERVICES = [
  'municipality',
  'social-work',
  'court-liaison',
  'gp',
  'timeline',
  'partner-gateway',
] as const satisfies readonly ServiceName[];
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** An `http://` issuer on this machine, allowed outside production only (a local Keycloak, test stubs). */
  readonly allowHttp: boolean;
}

export interface PortalConfig {
  readonly mode: 'production' | 'development' | 'test';
  readonly host: string;
  readonly port: number;
  /** The portal's own origin: CSRF origin check, OIDC redirect URI, Secure cookies when https. */
  readonly publicUrl: string;
  readonly upstreams: Readonly<Record<UpstreamService, string>>;
  /** Null: only the development sign-in (never in production). */
  readonly oidc: OidcSettings | null;
  /** The built single-page app (index.html and assets/). */
  readonly webDir: string;
  readonly devSignIn: boolean;
  /** Idle and absolute session lifetimes. */
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** Sign-in attempts per client address per minute (token bucket). */
  readonly signInPerMinute: number;
}

const upstreamVariable = (service: UpstreamService): string =>
  `PORTAL_UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}`;

/** A secret from `NAME` or from the file named by `NAME_FILE` (container secrets). */
function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name]?.trim() || undefined;
}

/**
 * The portal's configuration from the environment, every problem reported at
 * once. Production requires OpenID Connect and a public https URL; the
 * development sign-in exists only outside production.
 */
export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const problems: string[] = [];
  const mode = runtimeMode(env);
  const production = mode === 'production';
  const port = Number(env.PORTAL_PORT ?? env.PORT ?? SERVICE_PORTS.portal);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('PORTAL_PORT must be a port number');
  const publicUrl = (env.PORTAL_PUBLIC_URL ?? (production ? '' : `http://127.0.0.1:${SERVICE_PORTS.portal}`)).replace(
    /\/$/,
    '',
  );
  if (!publicUrl) problems.push('PORTAL_PUBLIC_URL is required in production (the https origin people open)');
  else if (!/^https?:\/\/[^/]+$/.test(publicUrl))
    problems.push('PORTAL_PUBLIC_URL must be an origin like https://ketenpad.example.nl');
  else if (production && !publicUrl.startsWith('https://'))
    problems.push('PORTAL_PUBLIC_URL must use https in production');

  const upstreams = {} as Record<UpstreamService, string>;
  for (const service of UPSTREAM_SERVICES) {
    const value = (env[upstreamVariable(service)] ?? `http://127.0.0.1:${SERVICE_PORTS[service]}`).replace(/\/$/, '');
    if (!/^https?:\/\/.+/.test(value)) problems.push(`${upstreamVariable(service)} must be an http(s) URL`);
    upstreams[service] = value;
  }

  let oidc: OidcSettings | null = null;
  let clientSecret: string | undefined;
  try {
    clientSecret = secret(env, 'PORTAL_OIDC_CLIENT_SECRET');
  } catch (error) {
    problems.push(`PORTAL_OIDC_CLIENT_SECRET_FILE cannot be read: ${(error as Error).message}`);
  }
  const issuer = env.PORTAL_OIDC_ISSUER?.trim();
  const clientId = env.PORTAL_OIDC_CLIENT_ID?.trim();
  if (issuer || clientId || clientSecret) {
    if (!issuer) problems.push('PORTAL_OIDC_ISSUER is required with an OIDC client');
    if (!clientId) problems.push('PORTAL_OIDC_CLIENT_ID is required with an OIDC issuer');
    if (!clientSecret) problems.push('PORTAL_OIDC_CLIENT_SECRET (or _FILE) is required with an OIDC client');
    const loopbackHttp = issuer !== undefined && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);
    if (issuer && !issuer.startsWith('https://') && (production || !loopbackHttp))
      problems.push(
        'PORTAL_OIDC_ISSUER must be an https URL (http only for a provider on this machine, outside production)',
      );
    if (issuer && clientId && clientSecret)
      oidc = { issuer, clientId, clientSecret, allowHttp: !production && loopbackHttp };
  } else if (production) {
    problems.push('PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are required in production');
  }

  const signInPerMinute = Number(env.PORTAL_SIGN_IN_PER_MINUTE ?? 30);
  if (!Number.isInteger(signInPerMinute) || signInPerMinute < 1)
    problems.push('PORTAL_SIGN_IN_PER_MINUTE must be a whole number of at least 1');

  if (problems.length > 0) throw new ConfigError(`portal configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    mode,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port,
    publicUrl,
    upstreams,
    oidc,
    webDir: resolve(env.PORTAL_WEB_DIR ?? join(__dirname, '../../web/dist')),
    devSignIn: !production,
    sessionIdleMs: 30 * 60_000,
    sessionMaxMs: 10 * 60 * 60_000,
    signInPerMinute,
  };
}
