import { Alert, Heading, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorState, Loading } from '../../components/States';
import { dateTime } from '../../domain/format';
import type { ChainAccessLog } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';

/**
 * "Who looked at this file?": the chain-wide access log the municipality
 * gathers from every service (NEN 7513). A service that did not answer is
 * named, so an incomplete list never passes for a complete one.
 */
export function AccessLogTab({ pathwayId }: { pathwayId: string }) {
  const { t, tOr, locale } = useT();
  const log = useQuery({
    queryKey: ['pathway', pathwayId, 'access-log'],
    queryFn: () => apiGet<ChainAccessLog>('municipality', `/pathways/${pathwayId}/access-log`),
  });
  const service = (name: string) => tOr(`service.${name}` as AnyMessageKey, name);
  return (
    <section aria-labelledby="access-log-title" className="kp-section" aria-busy={log.isFetching}>
      <Heading level={2} id="access-log-title">
        {t('pathway.accessLog.title')}
      </Heading>
      <Paragraph>{t('pathway.accessLog.intro')}</Paragraph>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorState error={log.error} retry={() => void log.refetch()} headingLevel={3} />
      ) : (
        <>
          {log.data.incomplete.length > 0 && (
            <Alert type="warning">
              <Heading level={3} className="kp-alert-heading">
                {t('pathway.accessLog.incompleteTitle')}
              </Heading>
              <Paragraph>
                {t('pathway.accessLog.incomplete', { services: log.data.incomplete.map(service).join(', ') })}
              </Paragraph>
            </Alert>
          )}
          {log.data.rows.length === 0 ? (
            <Paragraph>{t('pathway.accessLog.empty')}</Paragraph>
          ) : (
            <DataTable
              id="access-log-caption"
              caption={t('pathway.accessLog.caption', { count: log.data.rows.length })}
              columns={[
                t('pathway.accessLog.col.when'),
                t('pathway.accessLog.col.who'),
                t('pathway.accessLog.col.organisation'),
                t('pathway.accessLog.col.role'),
                t('pathway.accessLog.col.what'),
                t('pathway.accessLog.col.purpose'),
                t('pathway.accessLog.col.service'),
              ]}
            >
              {log.data.rows.map((row) => (
                <TableRow key={`${row.service}-${row.id}`}>
                  <TableCell>
                    <time dateTime={row.occurredAt}>{dateTime(row.occurredAt, locale)}</time>
                  </TableCell>
                  <TableCell>
                    <code className="kp-code">{row.subject}</code>
                  </TableCell>
                  <TableCell>
                    {tOr(`org.${row.organisationKind}` as AnyMessageKey, row.organisationKind, {
                      id: row.organisationId,
                    })}
                  </TableCell>
                  <TableCell>{row.roles.map((r) => tOr(`role.${r}` as AnyMessageKey, r)).join(', ')}</TableCell>
                  <TableCell>{tOr(`resource.${row.resource}` as AnyMessageKey, row.resource)}</TableCell>
                  <TableCell>{tOr(`purpose.${row.purpose}` as AnyMessageKey, row.purpose)}</TableCell>
                  <TableCell>{service(row.service)}</TableCell>
                </TableRow>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
