import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  ALONGSIDE_OTHER_PROBLEMS,
  checkSettings,
  metricsTokenSetting,
  optionalPort,
  optionalText,
  parseSettings,
  readSettings,
  SERVICE_PORTS,
  wholeNumber,
  type RunMode,
  type ServiceName,
} from '@ketenpad/runtime';

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
  /** `METRICS_TOKEN` (or `_FILE`): the scrape secret `/metrics` requires; in production `/metrics` is not served without one. */
  readonly metricsToken: string | undefined;
}

const upstreamVariable = (service: UpstreamService): string =>
  `PORTAL_UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}`;

/**
 * The portal's configuration from the environment, every problem reported at
 * once. Production requires OpenID Connect and a public https URL; the
 * development sign-in exists only outside production. The client secret may
 * come from a file (`PORTAL_OIDC_CLIENT_SECRET_FILE`, see `applySecretFiles`).
 */
export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const [upstreams, { mode, settings }] = checkSettings([
    () => parseSettings(upstreamSettings(), env),
    () => readSettings(env, portalSettings),
  ]);
  return {
    mode,
    upstreams,
    ...settings,
    devSignIn: mode !== 'production',
    sessionIdleMs: 30 * 60_000,
    sessionMaxMs: 10 * 60 * 60_000,
  };
}

function upstreamSettings() {
  const variables = UPSTREAM_SERVICES.map((service) => [service, upstreamVariable(service)] as const);
  return z
    .object(
      Object.fromEntries(
        variables.map(([service, variable]) => [
          variable,
          optionalText()
            .transform((url) => (url ?? `http://127.0.0.1:${SERVICE_PORTS[service]}`).replace(/\/$/, ''))
            .pipe(z.string().regex(/^https?:\/\/.+/, 'must be an http(s) URL')),
        ]),
      ),
    )
    .transform(
      (urls) =>
        Object.fromEntries(variables.map(([service, variable]) => [service, urls[variable]])) as Record<
          UpstreamService,
          string
        >,
    );
}

function portalSettings(mode: RunMode) {
  const production = mode === 'production';
  return z
    .object({
      HOST: optionalText().transform((host) => host ?? (production ? '0.0.0.0' : '127.0.0.1')),
      PORTAL_PORT: optionalPort(),
      PORT: optionalPort(),
      PORTAL_PUBLIC_URL: publicUrl(production),
      PORTAL_OIDC_ISSUER: optionalText(),
      PORTAL_OIDC_CLIENT_ID: optionalText(),
      PORTAL_OIDC_CLIENT_SECRET: optionalText(),
      PORTAL_SIGN_IN_PER_MINUTE: wholeNumber({ fallback: 30, min: 1, message: 'must be a whole number of at least 1' }),
      PORTAL_WEB_DIR: optionalText(),
      METRICS_TOKEN: metricsTokenSetting(),
    })
    .superRefine((settings, ctx) => {
      const problem = (variable: string | undefined, message: string): void =>
        ctx.addIssue({ code: 'custom', message, path: variable ? [variable] : [] });
      const { PORTAL_OIDC_ISSUER: issuer, PORTAL_OIDC_CLIENT_ID: clientId } = settings;
      if (issuer || clientId || settings.PORTAL_OIDC_CLIENT_SECRET) {
        if (!issuer) problem('PORTAL_OIDC_ISSUER', 'is required with an OIDC client');
        if (!clientId) problem('PORTAL_OIDC_CLIENT_ID', 'is required with an OIDC issuer');
        if (!settings.PORTAL_OIDC_CLIENT_SECRET)
          problem('PORTAL_OIDC_CLIENT_SECRET', '(or _FILE) is required with an OIDC client');
        if (issuer && !issuer.startsWith('https://') && (production || !isLoopbackHttp(issuer)))
          problem(
            'PORTAL_OIDC_ISSUER',
            'must be an https URL (http only for a provider on this machine, outside production)',
          );
      } else if (production) {
        problem(
          undefined,
          'PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are required in production',
        );
      }
    }, ALONGSIDE_OTHER_PROBLEMS)
    .transform((settings) => ({
      host: settings.HOST,
      port: settings.PORTAL_PORT ?? settings.PORT ?? SERVICE_PORTS.portal,
      publicUrl: settings.PORTAL_PUBLIC_URL,
      oidc: oidcOf(
        settings.PORTAL_OIDC_ISSUER,
        settings.PORTAL_OIDC_CLIENT_ID,
        settings.PORTAL_OIDC_CLIENT_SECRET,
        mode,
      ),
      webDir: resolve(settings.PORTAL_WEB_DIR ?? join(__dirname, '../../web/dist')),
      signInPerMinute: settings.PORTAL_SIGN_IN_PER_MINUTE,
      metricsToken: settings.METRICS_TOKEN,
    }));
}

/** The portal's own origin; outside production the local address by default. */
function publicUrl(production: boolean) {
  return optionalText().transform((value, ctx) => {
    const url = (value ?? (production ? '' : `http://127.0.0.1:${SERVICE_PORTS.portal}`)).replace(/\/$/, '');
    const problem = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if (!url) problem('is required in production (the https origin people open)');
    else if (!/^https?:\/\/[^/]+$/.test(url)) problem('must be an origin like https://ketenpad.example.nl');
    else if (production && !url.startsWith('https://')) problem('must use https in production');
    return url;
  });
}

function isLoopbackHttp(issuer: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);
}

function oidcOf(
  issuer: string | undefined,
  clientId: string | undefined,
  clientSecret: string | undefined,
  mode: RunMode,
): OidcSettings | null {
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, allowHttp: mode !== 'production' && isLoopbackHttp(issuer) };
}
