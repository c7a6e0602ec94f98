import { PathwayAccessLogController } from '@ketenpad/platform';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/** Social work's access log of a pathway, for the pathway's responsible municipality (see {@link PathwayAccessLogController}). */
export const AccessLogController = PathwayAccessLogController({
  service: 'social-work',
  label: 'social work',
  example: {
    organisationId: 'SW-AMS',
    organisationKind: 'social-work',
    resource: 'referral',
    purpose: 'referral-handling',
  },
  interceptors: [DomainErrorsInterceptor],
});
