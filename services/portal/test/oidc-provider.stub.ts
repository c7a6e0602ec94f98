import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

/** What the provider was sent at its authorisation endpoint (the browser's visit, replayed by the test). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  nonce: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

/** One call to the token endpoint, as received. */
export interface TokenCall {
  grantType: string;
  form: Record<string, string>;
  clientSecret: string | undefined;
}

const CLIENT_ID = 'portal';
const CLIENT_SECRET = 'stub-secret';

/**
 * A tiny OpenID Connect provider on loopback (a real process edge for the
 * portal's openid-client): discovery, JWKS, the token endpoint (authorisation
 * code with PKCE S256 check, refresh token) and an end-session endpoint. The
 * authorisation endpoint itself is played by the test: `approve` turns an
 * authorisation request into a code as a user signing in would.
 */
export class OidcProviderStub {
  readonly tokenCalls: TokenCall[] = [];
  /** Lifetime the next access tokens get (seconds). */
  accessTokenSeconds = 3600;
  private readonly codes = new Map<string, AuthorizationRequest>();
  private issued = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly key: KeyLike,
    private readonly jwk: JWK,
  ) {}

  static readonly clientId = CLIENT_ID;
  static readonly clientSecret = CLIENT_SECRET;

  static async start(): Promise<OidcProviderStub> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'stub-1', alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        stub
          .handle(
            req.method ?? 'GET',
            new URL(req.url ?? '/', stub.issuer),
            Buffer.concat(chunks).toString(),
            req.headers.authorization,
          )
          .then(({ status, body }) => {
            res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            res.end(JSON.stringify(body));
          })
          .catch((error: unknown) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: 'server_error', error_description: String(error) }));
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/ketenpad`;
    const stub = new OidcProviderStub(server, issuer, privateKey, jwk);
    return stub;
  }

  /** The user approves the sign-in: a code for this authorisation request. */
  approve(authorizationUrl: string): { code: string; request: AuthorizationRequest } {
    const params = new URL(authorizationUrl).searchParams;
    const request: AuthorizationRequest = {
      clientId: params.get('client_id') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
      scope: params.get('scope') ?? '',
      state: params.get('state') ?? '',
      nonce: params.get('nonce') ?? '',
      codeChallenge: params.get('code_challenge') ?? '',
      codeChallengeMethod: params.get('code_challenge_method') ?? '',
    };
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, request);
    return { code, request };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    method: string,
    url: URL,
    body: string,
    authorization: string | undefined,
  ): Promise<{ status: number; body: unknown }> {
    if (method === 'GET' && url.pathname.endsWith('/.well-known/openid-configuration')) {
      return {
        status: 200,
        body: {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/protocol/openid-connect/auth`,
          token_endpoint: `${this.issuer}/protocol/openid-connect/token`,
          jwks_uri: `${this.issuer}/protocol/openid-connect/certs`,
          end_session_endpoint: `${this.issuer}/protocol/openid-connect/logout`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        },
      };
    }
    if (method === 'GET' && url.pathname.endsWith('/certs')) return { status: 200, body: { keys: [this.jwk] } };
    if (method === 'POST' && url.pathname.endsWith('/token'))
      return this.token(new URLSearchParams(body), authorization);
    return { status: 404, body: { error: 'not_found' } };
  }

  private async token(
    form: URLSearchParams,
    authorization: string | undefined,
  ): Promise<{ status: number; body: unknown }> {
    const fields = Object.fromEntries(form);
    const clientSecret = form.get('client_secret') ?? basicSecret(authorization);
    this.tokenCalls.push({ grantType: form.get('grant_type') ?? '', form: fields, clientSecret });
    if (clientSecret !== CLIENT_SECRET) return { status: 401, body: { error: 'invalid_client' } };
    if (form.get('grant_type') === 'authorization_code') {
      const request = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!request || request.codeChallenge !== challenge || request.redirectUri !== form.get('redirect_uri'))
        return { status: 400, body: { error: 'invalid_grant' } };
      return { status: 200, body: await this.tokens(request.nonce) };
    }
    if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token')?.startsWith('refresh-')) {
      return { status: 200, body: await this.tokens(undefined) };
    }
    return { status: 400, body: { error: 'invalid_grant' } };
  }

  private async tokens(nonce: string | undefined): Promise<Record<string, unknown>> {
    this.issued += 1;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      org_id: 'SW-AMS',
      org_kind: 'social-work',
      roles: ['social-worker'],
      municipality: 'GM0363',
      token_number: this.issued,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'stub-1', typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience('ketenpad')
      .setSubject('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')
      .setIssuedAt(now)
      .setExpirationTime(now + this.accessTokenSeconds)
      .sign(this.key);
    const idToken =
      nonce === undefined
        ? undefined
        : await new SignJWT({ nonce })
            .setProtectedHeader({ alg: 'RS256', kid: 'stub-1' })
            .setIssuer(this.issuer)
            .setAudience(CLIENT_ID)
            .setSubject('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')
            .setIssuedAt(now)
            .setExpirationTime(now + 300)
            .sign(this.key);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.accessTokenSeconds,
      refresh_token: `refresh-${this.issued}`,
      ...(idToken ? { id_token: idToken } : {}),
    };
  }
}

function basicSecret(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  return decodeURIComponent(decoded.slice(decoded.indexOf(':') + 1));
}
