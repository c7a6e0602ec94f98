import { Alert, Heading, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiSend } from '../../api/client';
import { isNotFound } from '../../components/States';
import { dateTime } from '../../domain/format';
import type { ErasureStatus } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { ActionsSection } from './ActionsSection';
import { ActionCard } from './ActionCard';

/**
 * The privacy officer (`admin`) has no access to the counsellor's file, only
 * to the resident's right to erasure (AVG art. 17): the one action of that
 * role, with the progress of an erasure per service.
 */
export function AdminActions({ pathwayId }: { pathwayId: string }) {
  const { t, tOr, locale } = useT();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string>();
  const erasure = useQuery({
    queryKey: ['pathway', pathwayId, 'erasure'],
    queryFn: () => apiGet<ErasureStatus>('municipality', `/pathways/${pathwayId}/personal-data/erasure`),
  });
  const requested = erasure.data;

  return (
    <ActionsSection done={done}>
      <div className="kp-action-list">
        {requested && (
          <section aria-labelledby="erasure-progress" className="kp-action">
            <Heading level={3} id="erasure-progress">
              {t('pathway.erasure.progress')}
            </Heading>
            <Paragraph>
              {t(requested.status === 'completed' ? 'pathway.erasure.completed' : 'pathway.erasure.pending', {
                date: dateTime(requested.requestedAt, locale),
              })}
            </Paragraph>
            <UnorderedList>
              {requested.services.map((s) => (
                <UnorderedListItem key={s.service}>
                  {tOr(`service.${s.service}` as AnyMessageKey, s.service)}:{' '}
                  {s.completedAt
                    ? t('pathway.erasure.serviceDone', { date: dateTime(s.completedAt, locale) })
                    : t('pathway.erasure.serviceWaiting')}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          </section>
        )}
        {erasure.isError && !isNotFound(erasure.error) && (
          <Alert type="warning">
            <Paragraph>{t('pathway.erasure.unknown')}</Paragraph>
          </Alert>
        )}
        <ActionCard
          title={t('pathway.action.erase')}
          intro={t('pathway.action.erase.intro')}
          submitLabel={t('pathway.action.erase')}
          danger
          send={async (label, request) => {
            await apiSend('DELETE', 'municipality', `/pathways/${pathwayId}${request.path}`);
            setDone(t('pathway.action.done', { action: label }));
            await queryClient.invalidateQueries({ queryKey: ['pathway', pathwayId] });
          }}
          build={() => ({
            path: '/personal-data',
            body: {},
            method: 'DELETE',
            confirm: (
              <>
                <Paragraph>{t('pathway.action.erase.removed')}</Paragraph>
                <UnorderedList>
                  <UnorderedListItem>{t('pathway.action.erase.removedBsn')}</UnorderedListItem>
                  <UnorderedListItem>{t('pathway.action.erase.removedContact')}</UnorderedListItem>
                  <UnorderedListItem>{t('pathway.action.erase.removedKey')}</UnorderedListItem>
                </UnorderedList>
                <Paragraph>{t('pathway.action.erase.kept')}</Paragraph>
                <Paragraph>{t('pathway.action.erase.final')}</Paragraph>
              </>
            ),
          })}
        />
      </div>
    </ActionsSection>
  );
}
