import {
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RequestRateLimits, TooManyRequestsException, type JsonLogger } from '@ketenpad/runtime';
import { AuthenticationError } from '../auth.errors';
import { hasAnyRole, type Principal, type Role } from '../principal';
import { TokenVerifier } from '../token.verifier';
import { attachPrincipal } from './authenticated.request';
import { REQUIRED_ROLES } from './require-roles.decorator';

/** Every route under this prefix needs a bearer token; everything else (/health, /metrics, /docs) is public. */
export const PROTECTED_PREFIX = '/api/v1';

const REALM = 'ketenpad';

/** Injection token of the `JsonLogger` the guard reports refused requests to. */
export const AUTH_LOGGER = Symbol('ketenpad.auth.logger');

/**
 * Global guard: authenticates every `/api/v1` request with its bearer token
 * (401 + `WWW-Authenticate: Bearer` when that fails), applies the rate limits
 * of `RequestRateLimits` when the runtime provides them (429 + `Retry-After`:
 * per caller once authenticated, per client address for failed attempts),
 * and then enforces `@RequireRoles` (403).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
    @Inject(AUTH_LOGGER) private readonly logger: JsonLogger,
    @Optional() private readonly limits?: RequestRateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers and other transports are not bearer-authenticated.
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!isProtected(request)) return true;

    let principal: Principal;
    try {
      principal = await this.verifier.verifyAuthorizationHeader(request.headers.authorization);
    } catch (error: unknown) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.spend(this.limits?.unauthenticated.take(`ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`));
      const response = context.switchToHttp().getResponse<Response>();
      response.setHeader('WWW-Authenticate', challenge(error));
      // Logged without the token: it is a credential.
      this.logger.info('request not authenticated', { reason: error.message, path: request.path });
      throw new UnauthorizedException(error.message);
    }
    // Keyed by organisation too: `sub` is only unique within one identity provider's realm.
    this.spend(this.limits?.authenticated.take(`${principal.organisation.id}|${principal.subject}`));
    attachPrincipal(request, principal);
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required !== undefined && required.length > 0 && !hasAnyRole(principal, required)) {
      throw new ForbiddenException(`this action needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  private spend(decision: ReturnType<RequestRateLimits['authenticated']['take']> | undefined): void {
    if (decision !== undefined && !decision.allowed) throw new TooManyRequestsException(decision.retryAfterSeconds);
  }
}

/**
 * Decides on both the matched route pattern and the normalised URL, because
 * Express matches paths case-insensitively and tolerates repeated slashes:
 * `/API//v1/x` must not slip past a naive prefix check.
 */
function isProtected(request: Request): boolean {
  const routePath = (request.route as { path?: unknown } | undefined)?.path;
  const candidates = [typeof routePath === 'string' ? routePath : '', request.originalUrl.split('?')[0] ?? ''];
  return candidates.some((path) => {
    const normalised = path.toLowerCase().replace(/\/{2,}/g, '/');
    return normalised === PROTECTED_PREFIX || normalised.startsWith(`${PROTECTED_PREFIX}/`);
  });
}

function challenge(error: AuthenticationError): string {
  if (error.bearerError === null) return `Bearer realm="${REALM}"`;
  const description = error.message.replace(/["\\]/g, "'");
  return `Bearer realm="${REALM}", error="${error.bearerError}", error_description="${description}"`;
}
