import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './auth.errors';
import type { AuthConfig, VerificationKeySource } from './auth.config';
import { DevIssuer } from './dev-issuer';
import { directoryMismatch } from './organisation.directory';
import { InvalidClaimsError, principalFromClaims, type Principal } from './principal';

/** Signature algorithms accepted; everything else (notably `none` and HMAC) is refused. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;
/** Allowed clock difference with the issuer for `exp` and `nbf`. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer headers are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8_192;

type VerificationKey = KeyObject | JWTVerifyGetKey;

/**
 * Verifies bearer tokens: signature (RS256/ES256) against the configured key
 * source, `exp` and `iat` (required; a token older than the configured maximum
 * age is refused whatever its `exp`), `nbf`, `iss` and `aud` with 30 s
 * tolerance, then the Ketenpad claims, and (when configured) the organisation
 * against the organisation directory. Every failure is an `AuthenticationError`.
 */
export class TokenVerifier {
  private constructor(
    private readonly config: AuthConfig,
    private readonly key: VerificationKey,
  ) {}

  static async create(config: AuthConfig): Promise<TokenVerifier> {
    return new TokenVerifier(config, await resolveKey(config.key));
  }

  /** The principal of a compact JWT. */
  async verify(token: string): Promise<Principal> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      throw new AuthenticationError('bearer token is malformed');
    let payload: Record<string, unknown>;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: this.config.maxTokenAgeSeconds,
      };
      // Two calls because jose overloads on the key type.
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch (error: unknown) {
      throw new AuthenticationError(describeFailure(error));
    }
    let principal: Principal;
    try {
      principal = principalFromClaims(payload);
    } catch (error: unknown) {
      if (error instanceof InvalidClaimsError) throw new AuthenticationError(`bearer token ${error.message}`);
      throw error;
    }
    const mismatch = this.config.directory && directoryMismatch(principal, this.config.directory);
    if (mismatch) throw new AuthenticationError(`bearer token ${mismatch}`);
    return principal;
  }

  /** The token in an `Authorization` header value, verified. */
  async verifyAuthorizationHeader(header: string | undefined): Promise<Principal> {
    if (header === undefined || header.trim() === '') throw new AuthenticationError('a bearer token is required', null);
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!match?.[1])
      throw new AuthenticationError('the Authorization header must be "Bearer <token>"', 'invalid_request');
    return this.verify(match[1]);
  }
}

async function resolveKey(source: VerificationKeySource): Promise<VerificationKey> {
  switch (source.kind) {
    case 'jwks':
      return createRemoteJWKSet(new URL(source.url), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
      });
    case 'public-key':
      return parsePublicKey(source.key);
    case 'dev-issuer':
      // Creating the key when missing lets a service start before anyone asked for a token.
      return parsePublicKey(JSON.stringify((await DevIssuer.open(source.keyPath)).publicJwk));
  }
}

/** An SPKI PEM or a public JWK (JSON); private keys and symmetric secrets are refused. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('{')
      ? createPublicKey({
          key: stripPrivate(JSON.parse(trimmed) as JWK) as import('node:crypto').JsonWebKey,
          format: 'jwk',
        })
      : createPublicKey(trimmed);
  } catch (error: unknown) {
    throw new Error(
      `The configured public key cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec')
    throw new Error(`The configured public key is ${type ?? 'unknown'}; RS256 needs RSA and ES256 needs EC P-256`);
  return key;
}

function stripPrivate(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = jwk;
  return publicPart;
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return error.claim === 'iat' ? 'bearer token is older than the accepted maximum age' : 'bearer token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `bearer token claim "${error.claim}" is not accepted (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'bearer token algorithm is not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bearer token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'bearer token was signed with an unknown key';
  if (error instanceof errors.JOSEError) return 'bearer token is invalid';
  return 'bearer token could not be verified';
}
