import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { resolveOrganisation } from './organisation.directory';
import { claimsForPrincipal, principalFromClaims, type OrganisationKind, type Principal, type Role } from './principal';

/** Issuer (`iss`) of development tokens; refused in production. */
export const DEV_ISSUER = 'urn:ketenpad:dev-issuer';
/** Default audience (`aud`) of Ketenpad tokens. */
export const DEFAULT_AUDIENCE = 'ketenpad';
const DEV_ALGORITHM = 'ES256';
/** One hour: the verifiers refuse tokens older than AUTH_MAX_TOKEN_AGE_SECONDS (default 3600). */
const DEFAULT_TTL_SECONDS = 60 * 60;

export interface DevTokenRequest {
  orgId: string;
  kind: OrganisationKind;
  roles: Role[];
  municipalityCode?: string;
  /** Default `dev:<orgId>:<first role>`. */
  subject?: string;
  /** Lifetime; default 1 hour. */
  ttlSeconds?: number;
}

/** The directory of the development key, from `KETENPAD_DATA_DIR` or `<cwd>/.data`. */
export function devIssuerKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = resolve(env.KETENPAD_DATA_DIR ?? resolve(process.cwd(), '.data'));
  return join(dataDir, 'dev-issuer', 'key.json');
}

/**
 * Issues bearer tokens for the local development stack with one ES256 key
 * kept at `<dataDir>/dev-issuer/key.json`, so the CLI and every service agree
 * on it without configuration. Never available with `NODE_ENV=production`.
 */
export class DevIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    /** The public half, with `kid`, `alg` and `use`, for verifiers and the JWKS endpoint. */
    readonly publicJwk: JWK,
    readonly audience: string,
  ) {}

  /** Loads the key at `keyPath`, creating it first if no process has yet. */
  static async open(
    keyPath: string = devIssuerKeyPath(),
    options: { audience?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<DevIssuer> {
    // Only an explicit development or test mode enables it: `NODE_ENV=prod` or `Production` must not.
    const mode = (options.env ?? process.env).NODE_ENV?.trim() ?? '';
    if (mode !== '' && mode !== 'development' && mode !== 'test') {
      throw new Error('The development token issuer is disabled in production');
    }
    const privateJwk = await loadOrCreateKey(keyPath);
    const { d: _private, ...publicJwk } = privateJwk;
    const privateKey = await importJWK(privateJwk, DEV_ALGORITHM);
    if (!('type' in privateKey)) throw new Error(`${keyPath} does not hold an asymmetric key`);
    return new DevIssuer(
      privateKey,
      { ...publicJwk, alg: DEV_ALGORITHM, use: 'sig' },
      options.audience ?? DEFAULT_AUDIENCE,
    );
  }

  /** Only the public key, e.g. for a verifier; fails when no dev key has been created yet. */
  static async readPublicJwk(keyPath: string = devIssuerKeyPath()): Promise<JWK> {
    const { d: _private, ...publicJwk } = parseKey(await readFile(keyPath, 'utf8'), keyPath);
    return { ...publicJwk, alg: DEV_ALGORITHM, use: 'sig' };
  }

  /** `{ keys: [publicJwk] }`, the JSON a JWKS endpoint serves. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** A compact JWT for the given organisation and roles; its claims pass the same checks a verifier applies. */
  async issue(request: DevTokenRequest): Promise<string> {
    const ttlSeconds = request.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive whole number');
    const principal: Principal = {
      subject: request.subject ?? `dev:${request.orgId}:${request.roles[0] ?? 'none'}`,
      organisation:
        request.municipalityCode === undefined
          ? { id: request.orgId, kind: request.kind }
          : { id: request.orgId, kind: request.kind, municipalityCode: request.municipalityCode },
      roles: request.roles,
    };
    // Validate before signing so a bad request fails here, not as a 401 later.
    const { sub, ...claims } = claimsForPrincipal(principalFromClaims({ ...claimsForPrincipal(principal) }));
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: DEV_ALGORITHM, kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(this.audience)
      .setSubject(sub)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** A token for an organisation of the development directory (`ketenpad token --org GM0363 --role counsellor`). */
  async issueFor(
    orgId: string,
    roles: Role[],
    options: { kind?: string; subject?: string; ttlSeconds?: number } = {},
  ): Promise<string> {
    const organisation = resolveOrganisation(orgId, options.kind);
    return this.issue({
      orgId: organisation.id,
      kind: organisation.kind,
      roles,
      municipalityCode: organisation.municipalityCode,
      subject: options.subject,
      ttlSeconds: options.ttlSeconds,
    });
  }
}

/**
 * Several processes (the CLI and every service) may start at once on a fresh
 * checkout. Each writes a complete candidate key to its own temp file and
 * `link`s it into place, which fails if the file already exists, so exactly
 * one candidate wins and everyone then reads the winner.
 */
async function loadOrCreateKey(keyPath: string): Promise<JWK> {
  try {
    return parseKey(await readFile(keyPath, 'utf8'), keyPath);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(join(keyPath, '..'), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  const candidate = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(candidate, JSON.stringify(jwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(candidate, keyPath);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(candidate);
  }
  return parseKey(await readFile(keyPath, 'utf8'), keyPath);
}

function parseKey(text: string, keyPath: string): JWK {
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error(`${keyPath} is not a development ES256 private key; delete it to create a new one`);
  }
  return jwk;
}
