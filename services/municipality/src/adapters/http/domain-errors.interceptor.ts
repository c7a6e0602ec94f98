import {
  ConflictException,
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { ErasureNotRequested, PathwayNotFound } from '../../application/application.errors';
import { DomainRuleViolation } from '../../domain/domain-rule-violation';
import { ConcurrentPathwayModification } from '../../adapters/persistence/pathway.repository';

/**
 * Translates domain and application errors into HTTP exceptions, which the
 * platform's global error filter renders in the one error shape:
 * a refused transition is 409 with the domain's reason; an unknown pathway
 * (or one of another municipality) is 404.
 */
@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
  }
}

function translate(error: unknown): unknown {
  if (error instanceof DomainRuleViolation) return new ConflictException(error.message);
  if (error instanceof PathwayNotFound) return new NotFoundException(error.message);
  if (error instanceof ErasureNotRequested) return new NotFoundException(error.message);
  if (error instanceof ConcurrentPathwayModification) {
    return new ConflictException('the pathway was changed at the same time; try again');
  }
  return error;
}
