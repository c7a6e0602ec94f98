import { Alert, Heading, Paragraph, StatusBadge, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { DataTable } from '../../components/DataTable';
import { ErrorState, Loading } from '../../components/States';
import { dateTime } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';
import { statusTone, useDeliveryWords } from './delivery-words';
import { partnerQueries, REFRESH_MS } from './partner-api';
import { EventTypesSummary } from './parts';

/** The partner's webhook subscriptions, with their status; a failing one says so at once. */
export function SubscriptionsPage() {
  const { t, locale } = useT();
  const words = useDeliveryWords();
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  useDocumentTitle(t('partner.title'));
  const subscriptions = useQuery({ ...partnerQueries.list(), refetchInterval: REFRESH_MS });

  return (
    <section aria-labelledby="partner-title">
      <div className="kp-page-title">
        <Heading level={1} id="partner-title">
          {t('partner.title')}
        </Heading>
        <Link
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
          to="/partner/abonnementen/nieuw"
        >
          {t('partner.new')}
        </Link>
      </div>
      <Paragraph>{t('partner.intro')}</Paragraph>
      {deleted && (
        <Alert type="ok" role="status">
          <Paragraph>{t('partner.deleted', { url: deleted })}</Paragraph>
        </Alert>
      )}
      {subscriptions.isPending ? (
        <Loading />
      ) : subscriptions.isError ? (
        <ErrorState error={subscriptions.error} retry={() => void subscriptions.refetch()} />
      ) : subscriptions.data.length === 0 ? (
        <Paragraph>{t('partner.empty')}</Paragraph>
      ) : (
        <DataTable
          id="subscriptions-caption"
          caption={t('partner.list.caption', { count: subscriptions.data.length })}
          columns={[
            t('partner.field.callbackUrl'),
            t('partner.field.eventTypes'),
            t('partner.field.status'),
            t('partner.field.createdAt'),
          ]}
        >
          {subscriptions.data.map((s) => (
            <TableRow key={s.subscriptionId}>
              <TableCell>
                <Link
                  className="utrecht-link utrecht-link--html-a kp-code"
                  to={`/partner/abonnementen/${s.subscriptionId}`}
                >
                  {s.callbackUrl}
                </Link>
              </TableCell>
              <TableCell>
                <EventTypesSummary types={s.eventTypes} />
              </TableCell>
              <TableCell>
                <StatusBadge status={statusTone(s.status)}>{words.status(s.status)}</StatusBadge>
                {s.status === 'failing' && s.failingSince && (
                  <span className="kp-block kp-muted">
                    {t('partner.failingSince', { date: dateTime(s.failingSince, locale) })}
                  </span>
                )}
              </TableCell>
              <TableCell>{dateTime(s.createdAt, locale)}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}
