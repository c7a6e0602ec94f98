import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Request, Response } from 'express';
import { CORRELATION_HEADER, correlation } from '@ketenpad/runtime';
import { PORTAL_CONFIG } from '../portal.tokens';
import { UPSTREAM_SERVICES, type PortalConfig, type UpstreamService } from '../config/portal.config';
import { PortalSessions } from '../session/portal-sessions';
import type { Session } from '../session/session.store';
import { PortalMetrics } from './portal.metrics';
import { csrfTokenMatches, sameOrigin } from './origin.guard';

/** Request headers passed on to a service; everything else (cookies above all) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'x-ketenpad-purpose'] as const;
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'retry-after', CORRELATION_HEADER] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD']);
const UPSTREAM_TIMEOUT_MS = 30_000;
/** `..` or `.` path segments, also percent-encoded: they would leave `/api/v1` on the service. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/**
 * The app's calls to the chain: `/api/<service>/<path>` is forwarded to the
 * service's `/api/v1/<path>` with the signed-in user's bearer token. The
 * portal decides nothing about who may read what: the service answers, and its
 * answer (200, 403, 404, …) goes back as it is. State-changing calls must come
 * from the portal's own pages (Origin) and carry the session's CSRF token.
 * Tokens and bodies are never logged.
 */
@Controller('api')
export class ApiProxyController {
  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly sessions: PortalSessions,
    private readonly metrics: PortalMetrics,
  ) {}

  /**
   * Live change signals of the timeline (`GET /api/v1/stream`), relayed byte for
   * byte as server-sent events; the upstream stream ends when the browser goes.
   */
  @Get('live')
  async live(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.session(req, res);
    if (!session) return;
    const pathwayId = req.query.pathwayId;
    const query =
      typeof pathwayId === 'string' && pathwayId !== '' ? `?pathwayId=${encodeURIComponent(pathwayId)}` : '';
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(`${this.config.upstreams.timeline}/api/v1/stream${query}`, {
        headers: {
          authorization: `Bearer ${session.tokens.accessToken}`,
          accept: 'text/event-stream',
          [CORRELATION_HEADER]: correlation.current() ?? randomUUID(),
        },
        signal: abort.signal,
      });
    } catch {
      if (!res.writableEnded) this.unavailable(res, 'timeline');
      return;
    }
    if (!upstream.ok || !upstream.body) {
      this.metrics.forwarded('timeline', upstream.status);
      res.status(upstream.status);
      res.type(upstream.headers.get('content-type') ?? 'application/json');
      res.send(Buffer.from(await upstream.arrayBuffer()));
      return;
    }
    this.metrics.forwarded('timeline', upstream.status);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const stream = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
    stream.on('error', () => res.end());
    stream.pipe(res);
  }

  @All(':service/*path')
  async forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    const service = req.params.service as UpstreamService;
    if (!(UPSTREAM_SERVICES as readonly string[]).includes(service)) {
      res.status(404).json({ statusCode: 404, error: 'not-found', message: `No service "${service}"` });
      return;
    }
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe && !sameOrigin(req.headers, this.config.publicUrl, this.config.mode !== 'production')) {
      res.status(403).json({ error: 'csrf', message: 'Cross-origin request refused' });
      return;
    }
    const session = await this.session(req, res);
    if (!session) return;
    if (unsafe && !csrfTokenMatches(req.headers, session)) {
      res.status(403).json({ error: 'csrf', message: 'Missing or wrong CSRF token' });
      return;
    }
    const rest = req.originalUrl.slice(`/api/${service}`.length);
    if (DOT_SEGMENT.test(rest.split('?')[0] ?? '')) {
      res.status(404).json({ statusCode: 404, error: 'not-found', message: 'No such path' });
      return;
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${session.tokens.accessToken}`,
      [CORRELATION_HEADER]: correlation.current() ?? randomUUID(),
    };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = header(req, name);
      if (value !== undefined) headers[name] = value;
    }
    const body = unsafe && Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(`${this.config.upstreams[service]}/api/v1${rest}`, {
        method: req.method,
        headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch {
      this.unavailable(res, service);
      return;
    }
    this.metrics.forwarded(service, upstream.status);
    res.status(upstream.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) res.setHeader(name, value);
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!upstream.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  /** The signed-in session with a usable token, or a 401 answer. */
  private async session(req: Request, res: Response): Promise<Session | undefined> {
    const found = this.sessions.of(req.headers.cookie);
    const session = found ? await this.sessions.withFreshToken(found) : undefined;
    if (!session) res.status(401).json({ statusCode: 401, error: 'unauthenticated', message: 'Sign in first' });
    return session;
  }

  private unavailable(res: Response, service: UpstreamService): void {
    this.metrics.forwarded(service, 502);
    res.status(502).json({ error: 'service-unavailable', service });
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
