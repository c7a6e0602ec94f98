import { BadRequestException, HttpException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Express middleware signature, as `app.use` takes it. */
export type HttpMiddleware = (req: Request, res: Response, next: NextFunction) => void;

/** Swagger UI loads its own scripts and styles; every other response is data and may load nothing. */
const DOCS_PATH = /^\/docs(?:[/?#-]|$)/;
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response, errors and 404s included: no MIME
 * sniffing, no framing, no referrer, no caching of API answers, a strict
 * Content-Security-Policy outside `/docs`, and HSTS in production (TLS ends
 * in front of the service there; locally it runs on plain HTTP).
 */
export function applySecurityHeaders(req: Request, res: Response, options: { production: boolean }): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (!DOCS_PATH.test(req.path)) res.setHeader('Content-Security-Policy', API_CSP);
  if (req.path.toLowerCase().startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  if (options.production) res.setHeader('Strict-Transport-Security', HSTS);
}

export function securityHeaders(options: { production: boolean }): HttpMiddleware {
  return (req, res, next) => {
    applySecurityHeaders(req, res, options);
    next();
  };
}

/**
 * A request that carries a body must say it is JSON: the services read
 * nothing else, and a form or text body would otherwise reach validation as
 * an empty object and be answered with misleading "field is required" errors.
 */
export function requireJsonBody(): HttpMiddleware {
  return (req, _res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
    next(new UnsupportedMediaTypeException('Request body must be application/json'));
  };
}

/** Express error middleware: four parameters are how Express tells it apart. */
export type HttpErrorMiddleware = (error: unknown, req: Request, res: Response, next: NextFunction) => void;

/** Fixed answers to body-parser's errors, by its `type`. */
const BODY_ERRORS: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
  'charset.unsupported': 'Request body charset is not supported',
  'encoding.unsupported': 'Request body encoding is not supported',
  'request.size.invalid': 'Request body is shorter or longer than its Content-Length',
  'request.aborted': 'Request body was not sent completely',
};

/**
 * Placed right after the body parser: turns its errors into exceptions with
 * fixed messages. Nest would otherwise answer a parse error with the JSON
 * parser's own message, which quotes the start of the client's body.
 */
export function translateBodyParserErrors(): HttpErrorMiddleware {
  return (error, _req, _res, next) => {
    const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
    const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
    if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
      next(new HttpException(BODY_ERRORS[type] ?? 'Request body could not be read', status));
      return;
    }
    next(error);
  };
}

/** Keys that reach an object's prototype when a library copies properties with `target[key] = value`. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects JSON bodies nested deeper than `maxDepth` (DTO transformation and
 * validation recurse per level, so a 64 kB body of brackets would otherwise
 * exhaust the stack: a 500 instead of a 400), and bodies with a `__proto__`,
 * `constructor` or `prototype` key: class-transformer copies keys by
 * assignment, so `"__proto__"` would replace the DTO's prototype and slip
 * past the whitelist instead of being refused as an unknown property.
 */
export function inspectJsonBody(maxDepth: number): HttpMiddleware {
  return (req, _res, next) => {
    const problem = jsonBodyProblem(req.body, maxDepth);
    if (problem === 'too-deep')
      return next(new BadRequestException(`Request body is nested deeper than ${maxDepth} levels`));
    if (problem === 'prototype-key')
      return next(
        new BadRequestException('Request body uses a reserved property name (__proto__, constructor or prototype)'),
      );
    next();
  };
}

/** Iterative on purpose: a recursive walk would overflow on the very input it guards against. */
export function jsonBodyProblem(value: unknown, maxDepth: number): 'too-deep' | 'prototype-key' | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return 'too-deep';
    if (!Array.isArray(current) && Object.keys(current).some((key) => PROTOTYPE_KEYS.has(key))) return 'prototype-key';
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
