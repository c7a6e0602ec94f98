import {
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { RequestValidationException } from '@ketenpad/runtime';
import {
  NotificationNotFound,
  SubscriptionInputRejected,
  SubscriptionNotFound,
} from '../../application/application.errors';

/**
 * Application errors in the one error shape: an unknown or foreign
 * subscription or notification is 404; an unacceptable callback URL is a
 * field-level 400 like any other bad input.
 */
@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
  }
}

function translate(error: unknown): unknown {
  if (error instanceof SubscriptionNotFound || error instanceof NotificationNotFound)
    return new NotFoundException(error.message);
  if (error instanceof SubscriptionInputRejected) return new RequestValidationException(error.fieldErrors);
  return error;
}
