import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class, whatever its constructor takes
type ErrorClass = abstract new (...args: any[]) => Error;

/** Which of a service's domain and application errors answer which status, with the error's own message. */
export interface DomainErrorStatuses {
  /** 400: a command the domain refuses as malformed. */
  readonly badRequest?: readonly ErrorClass[];
  /** 404: an unknown id, or one the caller may not know exists (the same answer). */
  readonly notFound?: readonly ErrorClass[];
  /** 409: a refused transition or a concurrent change. */
  readonly conflict?: readonly ErrorClass[];
  /** Any other translation (an HTTP exception for the error, or the error itself when it is not one of the service's). */
  readonly otherwise?: (error: unknown) => unknown;
}

/**
 * A service's interceptor that turns its domain and application errors into
 * HTTP exceptions, which the platform's global error filter renders in the one
 * error shape. Errors it does not name pass unchanged (and become a plain 500
 * there). Use as `export const DomainErrorsInterceptor = domainErrorsInterceptor({...})`.
 */
export function domainErrorsInterceptor(statuses: DomainErrorStatuses): Type<NestInterceptor> {
  const is = (error: unknown, classes: readonly ErrorClass[] = []): error is Error =>
    classes.some((errorClass) => error instanceof errorClass);
  const translate = (error: unknown): unknown => {
    if (is(error, statuses.badRequest)) return new BadRequestException(error.message);
    if (is(error, statuses.notFound)) return new NotFoundException(error.message);
    if (is(error, statuses.conflict)) return new ConflictException(error.message);
    return statuses.otherwise ? statuses.otherwise(error) : error;
  };

  @Injectable()
  class DomainErrorsInterceptor implements NestInterceptor {
    intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
    }
  }
  return DomainErrorsInterceptor;
}
