/**
 * A request that is not authenticated: missing, malformed, expired or
 * untrusted bearer token, or claims that do not describe a principal.
 * Mapped to HTTP 401 with `WWW-Authenticate: Bearer`.
 */
export class AuthenticationError extends Error {
  constructor(
    message: string,
    /**
     * RFC 6750 §3.1 error code: `invalid_token` for a token that fails
     * verification, `invalid_request` for a malformed Authorization header,
     * none when no credentials were sent at all.
     */
    readonly bearerError: 'invalid_request' | 'invalid_token' | null = 'invalid_token',
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
