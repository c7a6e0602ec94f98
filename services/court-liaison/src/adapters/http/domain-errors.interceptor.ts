import { ConflictException } from '@nestjs/common';
import { domainErrorsInterceptor } from '@ketenpad/runtime';
import { CourtCaseNotFound, ReferralNotFound } from '../../application/application.errors';
import { DomainRuleViolation, InvalidCourtCommand } from '../../domain/court-case.errors';
import { ConcurrentCaseModification } from '../persistence/court-case.repository';

/**
 * The court liaison's errors as HTTP answers: an impossible transition is 409
 * with the domain's reason, contradictory values 400, an unknown case or
 * referral (or one of another organisation, or a pathway never referred to the
 * caller) 404, with the same body either way.
 */
export const DomainErrorsInterceptor = domainErrorsInterceptor({
  badRequest: [InvalidCourtCommand],
  notFound: [CourtCaseNotFound, ReferralNotFound],
  conflict: [DomainRuleViolation],
  otherwise: (error) =>
    error instanceof ConcurrentCaseModification
      ? new ConflictException('the court case was changed at the same time; try again')
      : error,
});
