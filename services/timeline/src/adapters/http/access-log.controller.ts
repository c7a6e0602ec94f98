import { PathwayAccessLogController } from '@ketenpad/platform';
import { PathwayNotVisibleInterceptor } from './pathway-not-visible.interceptor';

/** The timeline's access log of a pathway, for the pathway's responsible municipality (see {@link PathwayAccessLogController}). */
export const AccessLogController = PathwayAccessLogController({
  service: 'timeline',
  label: 'the timeline',
  example: {
    organisationId: 'KR-001',
    organisationKind: 'coordinator',
    resource: 'timeline',
    purpose: 'pathway-view',
  },
  interceptors: [PathwayNotVisibleInterceptor],
});
