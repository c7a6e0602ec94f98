import { PathwayAccessLogController } from '@ketenpad/platform';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/** The court liaison's access log of a pathway, for the pathway's responsible municipality (see {@link PathwayAccessLogController}). */
export const AccessLogController = PathwayAccessLogController({
  service: 'court-liaison',
  label: 'the court liaison',
  example: {
    organisationId: 'RB-AMS',
    organisationKind: 'court-liaison',
    resource: 'court-case',
    purpose: 'court-procedure',
  },
  interceptors: [DomainErrorsInterceptor],
});
