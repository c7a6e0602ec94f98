import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiter } from '@ketenpad/runtime';
import { DevSignIn, DevSignInError } from '../auth/dev-sign-in';
import { OidcClient, type PendingLogin } from '../auth/oidc.client';
import { expiryOf, sessionUserOf } from '../auth/session-user';
import { PORTAL_CONFIG } from '../portal.tokens';
import type { PortalConfig } from '../config/portal.config';
import { clearedSessionCookie, sessionCookie } from '../session/session.cookie';
import { PortalSessions } from '../session/portal-sessions';
import { randomToken, type Session } from '../session/session.store';
import { csrfTokenMatches, safeReturnTo, sameOrigin } from './origin.guard';

/** How long a started OIDC sign-in may take before its state is forgotten. */
const PENDING_LOGIN_MS = 10 * 60_000;
const PENDING_COOKIE = 'ketenpad-login';
const TOO_MANY = 'Te veel inlogpogingen; probeer het over een minuut opnieuw';

/** What `/auth/session` answers; the app is written against exactly this. */
export type SessionAnswer =
  | { signedIn: false; methods: { dev: boolean; oidc: boolean } }
  | { signedIn: true; user: Session['user']; csrfToken: string; expiresAt: string };

@Controller('auth')
export class AuthController {
  private readonly pending = new Map<string, PendingLogin & { until: number }>();
  /** Sign-in attempts per client address (`PORTAL_SIGN_IN_PER_MINUTE`, default 30 a minute). */
  private readonly signInLimit: RateLimiter;

  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly sessions: PortalSessions,
    @Inject(DevSignIn) private readonly dev: DevSignIn | null,
    @Inject(OidcClient) private readonly oidc: OidcClient | null,
  ) {
    this.signInLimit = new RateLimiter(config.signInPerMinute);
  }

  @Get('session')
  session(@Req() req: Request): SessionAnswer {
    const session = this.sessions.of(req.headers.cookie);
    if (!session) return { signedIn: false, methods: { dev: this.dev !== null, oidc: this.oidc !== null } };
    return this.answer(session);
  }

  @Get('dev/organisations')
  devOrganisations(@Res({ passthrough: true }) res: Response): unknown {
    if (!this.dev) return this.notFound(res);
    return this.dev.organisations();
  }

  @Post('dev/sign-in')
  @HttpCode(200)
  async devSignIn(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
  ): Promise<unknown> {
    if (!this.dev) return this.notFound(res);
    if (!sameOrigin(req.headers, this.config.publicUrl, this.config.mode !== 'production'))
      return this.refuse(res, 403, { error: 'csrf', message: 'Sign-in is only accepted from the portal itself' });
    if (!this.allowSignInAttempt(req, res)) return { error: 'too-many-requests', message: TOO_MANY };
    const { orgId, role } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    let token: string;
    try {
      token = await this.dev.token(orgId, role);
    } catch (error) {
      if (error instanceof DevSignInError)
        return this.refuse(res, 400, {
          statusCode: 400,
          error: 'Bad Request',
          message: [error.message],
          fields: { [error.field]: [error.message] },
        });
      throw error;
    }
    const session = this.sessions.create({
      method: 'dev',
      user: sessionUserOf(token),
      tokens: { accessToken: token, accessTokenExpiresAt: expiryOf(token, 60 * 60_000) },
    });
    this.replaceSession(req, res, session);
    return this.answer(session);
  }

  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc) {
      res.status(404).json({ error: 'not-found', message: 'Sign-in with OpenID Connect is not configured' });
      return;
    }
    if (!this.allowSignInAttempt(req, res)) return;
    this.prunePending();
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await this.oidc.start(safeReturnTo(returnTo));
    } catch {
      // The provider cannot be reached (discovery failed): back to the sign-in page.
      res.redirect(302, '/inloggen?fout=onbereikbaar');
      return;
    }
    const key = randomToken();
    this.pending.set(key, { ...started.pending, until: Date.now() + PENDING_LOGIN_MS });
    res.setHeader(
      'Set-Cookie',
      `${PENDING_COOKIE}=${key}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${PENDING_LOGIN_MS / 1000}${this.sessions.cookie.secure ? '; Secure' : ''}`,
    );
    res.redirect(302, started.url);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const key = /(?:^|;\s*)ketenpad-login=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const pending = key ? this.pending.get(key) : undefined;
    if (key) this.pending.delete(key);
    if (!this.oidc || !pending || pending.until < Date.now()) {
      res.redirect(302, '/inloggen?fout=verlopen');
      return;
    }
    try {
      const tokens = await this.oidc.complete(new URL(req.originalUrl, this.config.publicUrl), pending);
      const session = this.sessions.create({
        method: 'oidc',
        user: sessionUserOf(tokens.accessToken),
        tokens: {
          accessToken: tokens.accessToken,
          accessTokenExpiresAt: tokens.expiresInSeconds
            ? Date.now() + tokens.expiresInSeconds * 1000
            : expiryOf(tokens.accessToken, 5 * 60_000),
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
          ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
        },
      });
      this.replaceSession(req, res, session);
      res.redirect(302, pending.returnTo);
    } catch {
      res.redirect(302, '/inloggen?fout=mislukt');
    }
  }

  @Post('sign-out')
  @HttpCode(200)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const session = this.sessions.of(req.headers.cookie);
    if (!sameOrigin(req.headers, this.config.publicUrl, this.config.mode !== 'production'))
      return this.refuse(res, 403, { error: 'csrf' });
    if (session && !csrfTokenMatches(req.headers, session)) return this.refuse(res, 403, { error: 'csrf' });
    res.setHeader('Set-Cookie', clearedSessionCookie(this.sessions.cookie));
    if (!session) return {};
    this.sessions.destroy(session);
    const endSessionUrl =
      session.method === 'oidc' && this.oidc
        ? await this.oidc.endSessionUrl(session.tokens.idToken, `${this.config.publicUrl}/inloggen`)
        : undefined;
    return endSessionUrl ? { endSessionUrl } : {};
  }

  private answer(session: Session): SessionAnswer {
    return {
      signedIn: true,
      user: session.user,
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.createdAt + this.config.sessionMaxMs).toISOString(),
    };
  }

  /** A new session id at every sign-in (no session fixation); the previous one ends. */
  private replaceSession(req: Request, res: Response, session: Session): void {
    const previous = this.sessions.of(req.headers.cookie);
    if (previous) this.sessions.destroy(previous);
    res.setHeader('Set-Cookie', sessionCookie(this.sessions.cookie, session.id));
  }

  /** Spends one of the client address's sign-in attempts; with none left sets 429 and `Retry-After`. */
  private allowSignInAttempt(req: Request, res: Response): boolean {
    const decision = this.signInLimit.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return true;
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    res.status(429);
    if (req.method === 'GET') res.json({ error: 'too-many-requests', message: TOO_MANY });
    return false;
  }

  private prunePending(): void {
    const now = Date.now();
    for (const [key, login] of this.pending) if (login.until < now) this.pending.delete(key);
  }

  private notFound(res: Response): unknown {
    return this.refuse(res, 404, { error: 'not-found', message: 'The development sign-in is not available here' });
  }

  private refuse(res: Response, status: number, body: object): unknown {
    res.status(status);
    return body;
  }
}
