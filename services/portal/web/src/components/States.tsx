import { Alert, Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../layout/document-title';
import { useT } from '../i18n/i18n';

/** A region still loading: said in words, and marked busy for assistive technology. */
export function Loading({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <div className="kp-loading" role="status" aria-busy="true">
      <Paragraph>{label ?? t('common.loading')}</Paragraph>
    </div>
  );
}

/**
 * The portal's own not-found page. A pathway the user may not see looks the
 * same as one that does not exist: the page never tells which of the two it is.
 */
export function NotFound({ pathway = false }: { pathway?: boolean }) {
  const { t } = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <section aria-labelledby="not-found-title" className="kp-narrow">
      <Heading level={1} id="not-found-title">
        {t('notFound.title')}
      </Heading>
      <Paragraph>{pathway ? t('notFound.pathway') : t('notFound.body')}</Paragraph>
      <Paragraph>
        <Link className="utrecht-link utrecht-link--html-a" to="/">
          {t('notFound.home')}
        </Link>
      </Paragraph>
    </section>
  );
}

/** What kind of failure an error is, for the words the user sees. */
export function failureOf(error: unknown): 'service-down' | 'forbidden' | 'not-found' | 'signed-out' | 'other' {
  if (!(error instanceof ApiError)) return 'other';
  if (error.serviceUnavailable) return 'service-down';
  if (error.status === 401) return 'signed-out';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'not-found';
  return 'other';
}

/**
 * A region that could not load: a service that is down, no access, or
 * something else — said in words with a way to try again, never a blank space.
 * `headingLevel` keeps the page's heading order (1 when it is the whole page, 2 inside a page, 3 inside a section).
 */
export function ErrorState({
  error,
  retry,
  headingLevel = 2,
}: {
  error: unknown;
  retry?: () => void;
  headingLevel?: 1 | 2 | 3 | 4;
}) {
  const { t } = useT();
  const kind = failureOf(error);
  const apiError = error instanceof ApiError ? error : undefined;
  const message =
    kind === 'service-down'
      ? t('error.serviceDown', { service: serviceName(apiError?.service, t) })
      : kind === 'forbidden'
        ? t('error.forbidden')
        : kind === 'not-found'
          ? t('error.notFound')
          : kind === 'signed-out'
            ? t('error.signedOut')
            : t('error.generic', {
                status: apiError?.status ?? '—',
                message: error instanceof Error ? error.message : String(error),
              });
  return (
    <Alert type={kind === 'forbidden' || kind === 'not-found' ? 'warning' : 'error'}>
      <Heading level={headingLevel} className="kp-alert-heading">
        {kind === 'service-down' ? t('error.serviceDownTitle') : t('error.title')}
      </Heading>
      <Paragraph>{message}</Paragraph>
      {retry && kind !== 'forbidden' && kind !== 'not-found' && (
        <Button appearance="secondary-action-button" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}

function serviceName(service: string | undefined, t: ReturnType<typeof useT>['t']): string {
  switch (service) {
    case 'municipality':
      return t('service.municipality');
    case 'timeline':
      return t('service.timeline');
    case 'social-work':
      return t('service.social-work');
    case 'court-liaison':
      return t('service.court-liaison');
    case 'gp':
      return t('service.gp');
    case 'partner-gateway':
      return t('service.partner-gateway');
    default:
      return t('service.unknown');
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
