import { PathwayAccessLogController } from '@ketenpad/platform';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/** The GP service's access log of a pathway, for the pathway's responsible municipality (see {@link PathwayAccessLogController}). */
export const AccessLogController = PathwayAccessLogController({
  service: 'gp',
  label: 'the GP service',
  example: { organisationId: 'HA-0001', organisationKind: 'gp', resource: 'referral', purpose: 'referral-follow-up' },
  interceptors: [DomainErrorsInterceptor],
});
