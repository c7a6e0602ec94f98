import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { correlation } from '../correlation';
import type { JsonLogger } from '../json-logger';
import type { ErrorResponse } from './error-response';
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
    const body = this.toResponse(exception);
    body.correlationId = correlation.current();
    if (body.statusCode >= 500) {
      const request = host.switchToHttp().getRequest<Request>();
      // The route template, never the concrete path: it may hold ids or a search term.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.logger.error('request failed', exception instanceof Error ? exception : { err: String(exception) }, {
        method: request.method,
        route,
      });
    }
    if (body.statusCode === 401 && !response.getHeader('WWW-Authenticate'))
      response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof TooManyRequestsException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toResponse(exception: unknown): ErrorResponse {
    if (exception instanceof RequestValidationException) {
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request validation failed',
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: messageOf(raw, exception.message) };
    }
    if (isHttpError(exception) && exception.status >= 400 && exception.status < 500) {
      // Fixed messages: the library's own text may quote the offending input.
      const message =
        exception.type === 'entity.too.large'
          ? 'Request body is too large'
          : exception.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : exception.type === undefined
              ? 'Request could not be read'
              : 'Request body could not be read';
      return { statusCode: exception.status, error: STATUS_CODES[exception.status] ?? 'Bad Request', message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'An unexpected error occurred',
    };
  }
}

function messageOf(raw: string | object, fallback: string): string {
  if (typeof raw === 'string') return raw;
  const message = (raw as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}
