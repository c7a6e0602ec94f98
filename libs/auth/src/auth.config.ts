import { z } from 'zod';
import {
  ALONGSIDE_OTHER_PROBLEMS,
  optionalText,
  readSettings,
  requiredText,
  wholeNumber,
  type RunMode,
} from '@ketenpad/runtime';
import { DEFAULT_AUDIENCE, DEV_ISSUER, devIssuerKeyPath } from './dev-issuer';
import { readOrganisationDirectory, type DirectoryOrganisation } from './organisation.directory';

/** Where the verifier gets the issuer's public key from. */
export type VerificationKeySource =
  /** The identity provider's JWKS endpoint (keys are fetched, cached and rotated by `kid`). */
  | { kind: 'jwks'; url: string }
  /** One public key, as SPKI PEM or JWK JSON. */
  | { kind: 'public-key'; key: string }
  /** The development issuer's key file (development and test only). */
  | { kind: 'dev-issuer'; keyPath: string };

export interface AuthConfig {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`. */
  audience: string;
  key: VerificationKeySource;
  /**
   * Tokens issued (`iat`) longer ago than this are refused, whatever their
   * `exp` says: a leaked long-lived token stops working within the hour
   * (`AUTH_MAX_TOKEN_AGE_SECONDS`, default 3600).
   */
  maxTokenAgeSeconds: number;
  /**
   * The organisations tokens may name (`AUTH_ORGANISATION_DIRECTORY`, a JSON
   * file; required in production). A token whose organisation is not listed,
   * or listed with another kind or municipality, is refused. Unset outside
   * production, where `ketenpad token` may invent organisations for tests.
   */
  directory?: readonly DirectoryOrganisation[];
}

/** Default of `AUTH_MAX_TOKEN_AGE_SECONDS`: one hour, the usual access-token lifetime. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 3600;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads `AUTH_ISSUER`, `AUTH_AUDIENCE`, `AUTH_JWKS_URL` / `AUTH_PUBLIC_KEY`,
 * `AUTH_MAX_TOKEN_AGE_SECONDS`, `AUTH_ORGANISATION_DIRECTORY`.
 * Outside production the dev issuer fills the gaps; in production
 * (`NODE_ENV=production`) a real key source and issuer are required and the
 * dev issuer is refused, and an organisation directory is required, so a
 * forgotten variable stops start-up instead of trusting development tokens or
 * organisation ids nobody vetted. Every problem is reported at once.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  // An unrecognised NODE_ENV is a problem rather than counting as development.
  return readSettings(env, (mode) => authSettings(mode, env)).settings;
}

function authSettings(mode: RunMode, env: NodeJS.ProcessEnv) {
  const production = mode === 'production';
  return z
    .object({
      AUTH_ISSUER: production
        ? requiredText('is required in production').refine(
            (issuer) => issuer !== DEV_ISSUER,
            `must not be the development issuer (${DEV_ISSUER}) in production`,
          )
        : optionalText().transform((issuer) => issuer ?? DEV_ISSUER),
      AUTH_AUDIENCE: optionalText().transform((audience) => audience ?? DEFAULT_AUDIENCE),
      AUTH_JWKS_URL: optionalText().transform((url, ctx) =>
        url === undefined ? undefined : jwksUrl(url, production, ctx),
      ),
      // Orchestrators often flatten a PEM into one line with literal "\n".
      AUTH_PUBLIC_KEY: optionalText().transform((key) => key?.replace(/\\n/g, '\n')),
      AUTH_MAX_TOKEN_AGE_SECONDS: wholeNumber({
        fallback: DEFAULT_MAX_TOKEN_AGE_SECONDS,
        min: 60,
        max: 86_400,
        message: 'must be a whole number of seconds from 60 to 86400',
      }),
      AUTH_ORGANISATION_DIRECTORY: optionalText().transform((path, ctx) => {
        if (path !== undefined) return organisationDirectory(path, ctx);
        if (production)
          ctx.addIssue({
            code: 'custom',
            message: 'is required in production: the JSON file of organisations tokens may name',
          });
        return undefined;
      }),
    })
    .superRefine((_settings, ctx) => {
      const given = [env.AUTH_JWKS_URL, env.AUTH_PUBLIC_KEY].filter((value) => value?.trim()).length;
      if (given === 2)
        ctx.addIssue({ code: 'custom', message: 'Set either AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both' });
      if (given === 0 && production)
        ctx.addIssue({ code: 'custom', message: 'AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production' });
    }, ALONGSIDE_OTHER_PROBLEMS)
    .transform(
      (settings): AuthConfig => ({
        issuer: settings.AUTH_ISSUER,
        audience: settings.AUTH_AUDIENCE,
        key: keySource(settings.AUTH_JWKS_URL, settings.AUTH_PUBLIC_KEY, env),
        maxTokenAgeSeconds: settings.AUTH_MAX_TOKEN_AGE_SECONDS,
        ...(settings.AUTH_ORGANISATION_DIRECTORY === undefined
          ? {}
          : { directory: settings.AUTH_ORGANISATION_DIRECTORY }),
      }),
    );
}

function keySource(
  jwksUrl: string | undefined,
  publicKey: string | undefined,
  env: NodeJS.ProcessEnv,
): VerificationKeySource {
  if (jwksUrl !== undefined) return { kind: 'jwks', url: jwksUrl };
  if (publicKey !== undefined) return { kind: 'public-key', key: publicKey };
  return { kind: 'dev-issuer', keyPath: devIssuerKeyPath(env) };
}

function organisationDirectory(path: string, ctx: z.RefinementCtx): DirectoryOrganisation[] {
  try {
    return readOrganisationDirectory(path);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

function jwksUrl(value: string, production: boolean, ctx: z.RefinementCtx): string {
  const problem = (message: string): string => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem(`is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem('must be an http(s) URL');
  // Keys fetched over plain HTTP could be swapped in transit; loopback is the only exception.
  if (production && url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return problem('must use https in production');
  return url.toString();
}
