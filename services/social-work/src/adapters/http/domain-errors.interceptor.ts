import {
  ConflictException,
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { PathwayNotFound, ReferralNotFound } from '../../application/application.errors';
import { DomainRuleViolation } from '../../domain/domain-rule-violation';

/**
 * Translates domain and application errors into HTTP exceptions, which the
 * platform's global error filter renders in the one error shape: a refused
 * transition is 409 with the domain's reason; an unknown referral or pathway
 * (or one of another organisation) is 404, with the same body either way.
 */
@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
  }
}

function translate(error: unknown): unknown {
  if (error instanceof DomainRuleViolation) return new ConflictException(error.message);
  if (error instanceof ReferralNotFound || error instanceof PathwayNotFound)
    return new NotFoundException(error.message);
  return error;
}
