import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CORRELATION_HEADER, correlation, JsonLogger } from '@ketenpad/runtime';
import type { PortalConfig } from './config/portal.config';
import { securityHeaders } from './http/security.headers';
import { webApp } from './http/web-app.middleware';
import { PortalModule } from './portal.module';

/** Largest body the app may send through the proxy; the services accept the same. */
export const PROXY_BODY_LIMIT = '64kb';
/** Sign-in bodies are two short fields. */
const AUTH_BODY_LIMIT = '4kb';

/**
 * The portal's Nest application, configured but not listening. Middleware order:
 * security headers first (so even a 413 carries them), then the correlation id,
 * body parsing per area, the built web app, and the controllers.
 */
export async function createPortalApp(
  config: PortalConfig,
  logger = new JsonLogger('portal'),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(PortalModule.forRoot(config), {
    logger,
    bodyParser: false,
    cors: false,
    abortOnError: false,
    // Live streams (server-sent events) stay open; shutting down must not wait for them.
    forceCloseConnections: true,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.mode === 'production' ? 1 : false);
  app.set('query parser', 'simple');
  app.use(securityHeaders(config.mode === 'production'));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const incoming = req.headers[CORRELATION_HEADER];
    correlation.run(Array.isArray(incoming) ? incoming[0] : incoming, next);
  });
  // The proxy forwards bodies as they came (the service validates them); sign-in reads JSON.
  app.use('/api', express.raw({ type: () => true, limit: PROXY_BODY_LIMIT }));
  app.use('/auth', express.json({ limit: AUTH_BODY_LIMIT }));
  app.use(bodyErrors());
  for (const handler of webApp(config.webDir)) app.use(handler);
  // Exit through process.exit once closed, not a re-raised signal: only then does the logger flush its last lines.
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}

/** Body-parser errors as the one JSON error shape, without echoing any of the body. */
function bodyErrors() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    const message = status === 413 ? 'Request body is too large' : 'Request body could not be read';
    res
      .status(status)
      .json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message });
  };
}
