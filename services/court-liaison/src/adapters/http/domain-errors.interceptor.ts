import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { CourtCaseNotFound, ReferralNotFound } from '../../application/application.errors';
import { DomainRuleViolation, InvalidCourtCommand } from '../../domain/court-case.errors';
import { ConcurrentCaseModification } from '../persistence/court-case.repository';

/**
 * Translates domain and application errors into HTTP exceptions, which the
 * platform's global error filter renders in the one error shape: an
 * impossible transition is 409 with the domain's reason, contradictory values
 * 400, an unknown case or referral (or one of another organisation, or a
 * pathway never referred to the caller) 404, with the same body either way.
 */
@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
  }
}

function translate(error: unknown): unknown {
  if (error instanceof DomainRuleViolation) return new ConflictException(error.message);
  if (error instanceof InvalidCourtCommand) return new BadRequestException(error.message);
  if (error instanceof CourtCaseNotFound || error instanceof ReferralNotFound)
    return new NotFoundException(error.message);
  if (error instanceof ConcurrentCaseModification)
    return new ConflictException('the court case was changed at the same time; try again');
  return error;
}
