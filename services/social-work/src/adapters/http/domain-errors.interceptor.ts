import { domainErrorsInterceptor } from '@ketenpad/runtime';
import { PathwayNotFound, ReferralNotFound } from '../../application/application.errors';
import { DomainRuleViolation } from '../../domain/domain-rule-violation';

/**
 * Social work's errors as HTTP answers: a refused transition is 409 with the
 * domain's reason; an unknown referral or pathway (or one of another
 * organisation) is 404, with the same body either way.
 */
export const DomainErrorsInterceptor = domainErrorsInterceptor({
  notFound: [ReferralNotFound, PathwayNotFound],
  conflict: [DomainRuleViolation],
});
