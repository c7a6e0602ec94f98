import { createRequire } from 'node:module';
import type { OidcSettings } from '../config/portal.config';

/** The tokens an OpenID Connect provider answered with. */
export interface OidcTokens {
  accessToken: string;
  expiresInSeconds?: number;
  refreshToken?: string;
  idToken?: string;
}

/** One sign-in in progress: what the callback must check (kept server-side, never in the browser). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * The subset of openid-client (v6) the portal uses. That library is ESM-only
 * and TypeScript's `moduleResolution: node` does not see its types, so the
 * portal describes what it calls here and loads it with `require` (Node ≥
 * 20.19 loads ES modules that way; the tests' Jest config transforms it).
 */
interface OpenIdClient {
  discovery(
    server: URL,
    clientId: string,
    clientSecret?: string,
    clientAuthentication?: undefined,
    options?: { execute?: Array<(config: unknown) => void> },
  ): Promise<unknown>;
  allowInsecureRequests(this: void, config: unknown): void;
  randomPKCECodeVerifier(): string;
  calculatePKCECodeChallenge(verifier: string): Promise<string>;
  randomState(): string;
  randomNonce(): string;
  buildAuthorizationUrl(config: unknown, parameters: Record<string, string>): URL;
  authorizationCodeGrant(
    config: unknown,
    currentUrl: URL,
    checks: { pkceCodeVerifier: string; expectedState: string; expectedNonce: string; idTokenExpected: boolean },
  ): Promise<TokenResponse>;
  refreshTokenGrant(config: unknown, refreshToken: string): Promise<TokenResponse>;
  buildEndSessionUrl(config: unknown, parameters: Record<string, string>): URL;
}
interface TokenResponse {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
}

/** `require` of an ES module (Node ≥ 20.19); loaded at the first sign-in, not at start-up. */
const loadOpenIdClient = (): OpenIdClient => createRequire(__filename)('openid-client') as OpenIdClient;

/**
 * Sign-in with OpenID Connect: authorisation-code flow with PKCE (S256), state
 * and nonce, a confidential client; refresh with the refresh token.
 */
export class OidcClient {
  private configuration: Promise<{ client: OpenIdClient; config: unknown }> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
  ) {}

  async start(returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
    const { client, config } = await this.configured();
    const pending: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile offline_access',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  async complete(callbackUrl: URL, pending: PendingLogin): Promise<OidcTokens> {
    const { client, config } = await this.configured();
    return tokensOf(
      await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      }),
    );
  }

  async refresh(refreshToken: string): Promise<OidcTokens> {
    const { client, config } = await this.configured();
    return tokensOf(await client.refreshTokenGrant(config, refreshToken));
  }

  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    const { client, config } = await this.configured();
    try {
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href;
    } catch {
      return undefined; // the provider has no end_session_endpoint
    }
  }

  private configured(): Promise<{ client: OpenIdClient; config: unknown }> {
    this.configuration ??= (async () => {
      const client = loadOpenIdClient();
      const config = await client.discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        // A local provider (Keycloak on http://localhost) in development only; the config refuses http in production.
        this.settings.allowHttp ? { execute: [client.allowInsecureRequests] } : {},
      );
      return { client, config };
    })();
    // A failed discovery is tried again on the next sign-in.
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }
}

function tokensOf(response: TokenResponse): OidcTokens {
  return {
    accessToken: response.access_token,
    ...(response.expires_in !== undefined ? { expiresInSeconds: response.expires_in } : {}),
    ...(response.refresh_token !== undefined ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token !== undefined ? { idToken: response.id_token } : {}),
  };
}
