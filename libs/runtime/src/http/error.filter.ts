import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlation } from '../correlation';
import type { JsonLogger } from '../json-logger';
import { PROBLEM_CONTENT_TYPE, problem, type ErrorResponse, type FieldError } from './error-response';
import { TooManyRequestsException } from './rate-limiter';
import { RequestValidationException } from './validation.pipe';

/**
 * Errors raised by Express itself and body-parser (`http-errors`) carry their
 * HTTP status: 413 too large, 400 bad JSON, 400 for a path that cannot be
 * URL-decoded. body-parser sets `type`; the router does not.
 */
interface HttpError {
  type?: string;
  status: number;
}

function isHttpError(e: unknown): e is HttpError {
  return typeof e === 'object' && e !== null && 'status' in e && typeof (e as HttpError).status === 'number';
}

/**
 * Maps every error to the one error shape. Unexpected errors become a plain 500
 * whose detail only goes to the log, never to the client (no stack, no SQL).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const { status, detail, fieldErrors } = this.describe(exception);
    const body = problem(status, detail, {
      instance: request.path,
      ...(fieldErrors ? { fieldErrors } : {}),
      ...(correlation.current() !== undefined ? { correlationId: correlation.current()! } : {}),
    });
    if (status >= 500) {
      // The route template, never the concrete path: it may hold ids or a search term.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.logger.error('request failed', exception instanceof Error ? exception : { err: String(exception) }, {
        method: request.method,
        route,
      });
    }
    if (status === 401 && !response.getHeader('WWW-Authenticate')) response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof TooManyRequestsException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    sendProblem(response, body);
  }

  private describe(exception: unknown): { status: number; detail: string; fieldErrors?: readonly FieldError[] } {
    if (exception instanceof RequestValidationException)
      return { status: 400, detail: 'Request validation failed', fieldErrors: exception.fieldErrors };
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), detail: messageOf(exception.getResponse(), exception.message) };
    }
    if (isHttpError(exception) && exception.status >= 400 && exception.status < 500) {
      // Fixed messages: the library's own text may quote the offending input.
      const detail =
        exception.type === 'entity.too.large'
          ? 'Request body is too large'
          : exception.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : exception.type === undefined
              ? 'Request could not be read'
              : 'Request body could not be read';
      return { status: exception.status, detail };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'An unexpected error occurred' };
  }
}

/** Answers with `body` as `application/problem+json` (RFC 9457). */
export function sendProblem(response: Response, body: ErrorResponse): void {
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function messageOf(raw: string | object, fallback: string): string {
  if (typeof raw === 'string') return raw;
  const message = (raw as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}
