import { domainErrorsInterceptor, RequestValidationException } from '@ketenpad/runtime';
import {
  NotificationNotFound,
  PathwayNotFound,
  SubscriptionInputRejected,
  SubscriptionNotFound,
} from '../../application/application.errors';

/**
 * The gateway's errors as HTTP answers: an unknown or foreign subscription,
 * notification or pathway is 404; an unacceptable callback URL is a
 * field-level 400 like any other bad input.
 */
export const DomainErrorsInterceptor = domainErrorsInterceptor({
  notFound: [SubscriptionNotFound, NotificationNotFound, PathwayNotFound],
  otherwise: (error) =>
    error instanceof SubscriptionInputRejected ? new RequestValidationException(error.fieldErrors) : error,
});
