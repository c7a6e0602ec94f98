import { ConfigError, runtimeMode } from '@ketenpad/runtime';
import { DEFAULT_AUDIENCE, DEV_ISSUER, devIssuerKeyPath } from './dev-issuer';

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
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads `AUTH_ISSUER`, `AUTH_AUDIENCE`, `AUTH_JWKS_URL` / `AUTH_PUBLIC_KEY`.
 * Outside production the dev issuer fills the gaps; in production
 * (`NODE_ENV=production`) a real key source and issuer are required and the
 * dev issuer is refused, so a forgotten variable stops start-up instead of
 * trusting development tokens.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  // An unrecognised NODE_ENV throws rather than counting as development.
  const production = runtimeMode(env) === 'production';
  const issuer = nonEmpty(env.AUTH_ISSUER) ?? (production ? undefined : DEV_ISSUER);
  if (issuer === undefined) throw new ConfigError('AUTH_ISSUER is required in production');
  if (production && issuer === DEV_ISSUER)
    throw new ConfigError(`AUTH_ISSUER must not be the development issuer (${DEV_ISSUER}) in production`);
  const audience = nonEmpty(env.AUTH_AUDIENCE) ?? DEFAULT_AUDIENCE;

  const jwksUrl = nonEmpty(env.AUTH_JWKS_URL);
  const publicKey = nonEmpty(env.AUTH_PUBLIC_KEY);
  if (jwksUrl !== undefined && publicKey !== undefined)
    throw new ConfigError('Set either AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both');
  if (jwksUrl !== undefined) return { issuer, audience, key: { kind: 'jwks', url: checkJwksUrl(jwksUrl, production) } };
  // Orchestrators often flatten a PEM into one line with literal "\n".
  if (publicKey !== undefined)
    return { issuer, audience, key: { kind: 'public-key', key: publicKey.replace(/\\n/g, '\n') } };
  if (production) throw new ConfigError('AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production');
  return { issuer, audience, key: { kind: 'dev-issuer', keyPath: devIssuerKeyPath(env) } };
}

function checkJwksUrl(value: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`AUTH_JWKS_URL is not a URL: ${value}`);
  }
  // Keys fetched over plain HTTP could be swapped in transit; loopback is the only exception.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (production && !secure) throw new ConfigError('AUTH_JWKS_URL must use https in production');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('AUTH_JWKS_URL must be an http(s) URL');
  return url.toString();
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
