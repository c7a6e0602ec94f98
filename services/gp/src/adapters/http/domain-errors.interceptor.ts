import { domainErrorsInterceptor } from '@ketenpad/runtime';
import { ConsentNotFound, PathwayNotFound, ReferralNotFound } from '../../application/application.errors';
import { DomainRuleViolation } from '../../domain/domain-rule-violation';

/** The GP service's errors as HTTP answers: a refused command is 409 with the domain's reason; an unknown or foreign id is 404. */
export const DomainErrorsInterceptor = domainErrorsInterceptor({
  notFound: [ConsentNotFound, ReferralNotFound, PathwayNotFound],
  conflict: [DomainRuleViolation],
});
