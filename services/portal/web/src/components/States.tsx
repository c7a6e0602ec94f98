import { Alert, Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useT } from '../i18n/i18n';

export function Loading() {
  const { t } = useT();
  return (
    <Paragraph aria-busy="true" role="status">
      {t('common.loading')}
    </Paragraph>
  );
}

/** The portal's own not-found page: also what a pathway the user may not see looks like. */
export function NotFound() {
  const { t } = useT();
  return (
    <section aria-labelledby="not-found-title">
      <Heading level={1} id="not-found-title" tabIndex={-1}>
        {t('notFound.title')}
      </Heading>
      <Paragraph>{t('notFound.body')}</Paragraph>
      <Paragraph>
        <Link className="utrecht-link" to="/">
          {t('notFound.home')}
        </Link>
      </Paragraph>
    </section>
  );
}

/** A region that could not load: service down, no access, or another failure — never a blank space. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useT();
  const apiError = error instanceof ApiError ? error : undefined;
  const body = apiError?.body as { error?: string; service?: string } | undefined;
  const message =
    apiError?.status === 502 || body?.error === 'service-unavailable'
      ? t('error.serviceDown', { service: body?.service ?? '?' })
      : apiError?.status === 403
        ? t('error.forbidden')
        : t('error.generic', { status: apiError?.status ?? '-', message: (error as Error)?.message ?? String(error) });
  return (
    <Alert type="error" role="alert">
      <Heading level={2} className="kp-alert-heading">
        {t('error.title')}
      </Heading>
      <Paragraph>{message}</Paragraph>
      {retry && (
        <Button appearance="secondary-action-button" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
