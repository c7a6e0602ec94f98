import { PathwayAccessLogController } from '@ketenpad/platform';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/**
 * The partner gateway's access log of a pathway - the partners' `dataref`
 * reads of its notifications - for the pathway's responsible municipality
 * (see {@link PathwayAccessLogController}).
 */
export const AccessLogController = PathwayAccessLogController({
  service: 'partner-gateway',
  label: 'the partner gateway (partners reading notification details)',
  example: {
    organisationId: 'PT-WOONSTAD',
    organisationKind: 'partner',
    resource: 'notification:0b6b2f4e-6c1d-4f7a-9a43-2d5e8c1f7b90',
    purpose: 'partner-notification',
  },
  interceptors: [DomainErrorsInterceptor],
});
