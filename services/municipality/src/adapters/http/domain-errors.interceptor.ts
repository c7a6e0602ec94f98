import { ConflictException } from '@nestjs/common';
import { domainErrorsInterceptor } from '@ketenpad/runtime';
import { ErasureNotRequested, PathwayNotFound } from '../../application/application.errors';
import { DomainRuleViolation } from '../../domain/domain-rule-violation';
import { ConcurrentPathwayModification } from '../../adapters/persistence/pathway.repository';

/**
 * The municipality's errors as HTTP answers: a refused transition is 409 with
 * the domain's reason; an unknown pathway (or one of another municipality) is 404.
 * A second help request for a resident (ResidentHasOpenPathway) passes through
 * to ResidentHasOpenPathwayFilter, which adds the pathway in progress to the 409.
 */
export const DomainErrorsInterceptor = domainErrorsInterceptor({
  notFound: [PathwayNotFound, ErasureNotRequested],
  conflict: [DomainRuleViolation],
  otherwise: (error) =>
    error instanceof ConcurrentPathwayModification
      ? new ConflictException('the pathway was changed at the same time; try again')
      : error,
});
