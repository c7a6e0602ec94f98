import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Paragraph,
  StatusBadge,
  Alert,
} from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { apiGet, useLiveUpdates, useSession } from '../api/client';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { ErrorState, isNotFound, Loading, NotFound } from '../components/States';
import { dateTime, eventName, organisationOf, pathwayReference, shortDate, workingDaysBetween } from '../domain/format';
import type { ChainAccessLog, ChainTimeline, MunicipalityPathway } from '../domain/pathway';
import { useT, type AnyMessageKey } from '../i18n/i18n';
import { Flags } from './CaseloadPage';
import { AdminActions, PathwayActions } from './PathwayActions';

const TABS = ['timeline', 'referrals', 'consents', 'access-log'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, AnyMessageKey> = {
  timeline: 'pathway.tab.timeline',
  referrals: 'pathway.tab.referrals',
  consents: 'pathway.tab.consents',
  'access-log': 'pathway.tab.accessLog',
};

/** One pathway: Wgs deadline, phase and its actions, and the chain-wide timeline — live. */
export function PathwayPage() {
  const { pathwayId = '' } = useParams();
  const { t, tOr, locale } = useT();
  const session = useSession();
  const [params] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'timeline';
  const user = session.data?.signedIn ? session.data.user : undefined;
  // Only the pathway's municipality has its own file; others see the chain's view.
  const municipal = user?.organisation.kind === 'municipality' && user.roles.includes('counsellor');
  const [announcement, setAnnouncement] = useState('');

  const own = useQuery({
    queryKey: ['pathway', pathwayId, 'municipality'],
    queryFn: () => apiGet<MunicipalityPathway>('municipality', `/pathways/${pathwayId}`),
    enabled: municipal,
  });
  const chain = useQuery({
    queryKey: ['pathway', pathwayId, 'timeline'],
    queryFn: () => apiGet<ChainTimeline>('timeline', `/pathways/${pathwayId}/timeline`),
  });
  const accessLog = useQuery({
    queryKey: ['pathway', pathwayId, 'access-log'],
    queryFn: () => apiGet<ChainAccessLog>('municipality', `/pathways/${pathwayId}/access-log`),
    enabled: tab === 'access-log' && user?.organisation.kind === 'municipality',
  });
  useLiveUpdates(
    pathwayId,
    useCallback(
      () => setAnnouncement(t('common.updated', { time: new Date().toLocaleTimeString(locale) })),
      [t, locale],
    ),
  );

  if (chain.isPending || (municipal && own.isPending)) return <Loading />;
  if (isNotFound(chain.error) || isNotFound(own.error)) return <NotFound />;
  if (chain.isError) return <ErrorState error={chain.error} retry={() => void chain.refetch()} />;
  const summary = chain.data.pathway;
  const events = chain.data.events;
  const pathway = own.data;
  const crisis = pathway?.crisis?.type ?? summary.crisis;
  const heldAt = pathway?.firstConversationHeldAt ?? summary.firstConversationHeldAt;
  const due = pathway?.firstConversationDue ?? summary.firstConversationDue;
  const daysLeft = due && !heldAt ? workingDaysBetween(new Date(), new Date(`${due.slice(0, 10)}T12:00:00`)) : null;
  const organisationName = (urn: string | null | undefined): string => {
    const org = organisationOf(urn);
    return org ? t(`org.${org.kind}` as AnyMessageKey, { id: org.id }) : (urn ?? '—');
  };

  return (
    <article aria-labelledby="pathway-title">
      <Heading level={1} id="pathway-title">
        {t('pathway.title', { reference: pathwayReference(pathwayId) })}
      </Heading>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {own.isError && <ErrorState error={own.error} retry={() => void own.refetch()} />}
      <div className="kp-columns">
        <section aria-labelledby="summary-title" className="kp-summary">
          <Heading level={2} id="summary-title">
            {t('pathway.summary')}
          </Heading>
          <DataList>
            <DataListItem>
              <DataListKey>{t('pathway.deadline')}</DataListKey>
              <DataListValue>
                <DeadlineBadge due={due} heldAt={heldAt} workingDaysLeft={daysLeft} />
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('pathway.phase')}</DataListKey>
              <DataListValue>{t(`phase.${pathway?.phase ?? summary.phase}` as AnyMessageKey)}</DataListValue>
            </DataListItem>
            {pathway && (
              <DataListItem>
                <DataListKey>{t('pathway.status')}</DataListKey>
                <DataListValue>
                  {t(`pathway.status.${pathway.status === 'new' ? 'open' : pathway.status}` as AnyMessageKey)}
                </DataListValue>
              </DataListItem>
            )}
            <DataListItem>
              <DataListKey>{t('pathway.crisis')}</DataListKey>
              <DataListValue>{crisis ? t(`crisis.${crisis}` as AnyMessageKey) : t('common.no')}</DataListValue>
            </DataListItem>
            {summary.legalStatus && summary.legalStatus !== 'none' && (
              <DataListItem>
                <DataListKey>{t('pathway.legalStatus')}</DataListKey>
                <DataListValue>{summary.legalStatus}</DataListValue>
              </DataListItem>
            )}
            <DataListItem>
              <DataListKey>{t('pathway.owner')}</DataListKey>
              <DataListValue>{organisationName(summary.owner)}</DataListValue>
            </DataListItem>
            {pathway && (
              <DataListItem>
                <DataListKey>{t('pathway.resident')}</DataListKey>
                <DataListValue>
                  {pathway.resident
                    ? `BSN ${pathway.resident.bsn}${pathway.resident.contact.name ? `, ${pathway.resident.contact.name}` : ''}`
                    : t('pathway.residentErased')}
                </DataListValue>
              </DataListItem>
            )}
            <DataListItem>
              <DataListKey>{t('pathway.flags')}</DataListKey>
              <DataListValue>
                <Flags kinds={[...new Set(summary.flags.map((f) => f.kind))]} />
              </DataListValue>
            </DataListItem>
          </DataList>
        </section>
        {pathway && user && <PathwayActions pathway={pathway} user={user} />}
        {!pathway && user?.organisation.kind === 'municipality' && user.roles.includes('admin') && (
          <AdminActions pathwayId={pathwayId} />
        )}
      </div>

      <nav aria-label={t('pathway.tabs')} className="kp-tabs">
        <ul>
          {TABS.filter((name) => name !== 'access-log' || user?.organisation.kind === 'municipality').map((name) => (
            <li key={name}>
              <Link
                className="kp-tabs__link"
                to={`?tab=${name}`}
                aria-current={tab === name ? 'page' : undefined}
                replace
              >
                {t(TAB_LABEL[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {tab === 'timeline' && (
        <section aria-labelledby="timeline-title">
          <Heading level={2} id="timeline-title">
            {t('pathway.timeline.title')}
          </Heading>
          <Paragraph>{t('pathway.timeline.intro')}</Paragraph>
          {events.length === 0 ? (
            <Paragraph>{t('pathway.timeline.empty')}</Paragraph>
          ) : (
            <ol className="kp-timeline" aria-labelledby="timeline-title">
              {events.map((event) => (
                <li key={event.eventId} className="kp-timeline__item">
                  <time dateTime={event.occurredAt} className="kp-timeline__time">
                    {dateTime(event.occurredAt, locale)}
                  </time>
                  <span className="kp-timeline__what">
                    <strong>{tOr(`event.${eventName(event.type)}`, event.summary)}</strong>
                    <span className="kp-timeline__detail" lang="en">
                      {event.summary}
                    </span>
                  </span>
                  <span className="kp-timeline__who">{organisationName(event.source)}</span>
                  <StatusBadge className="kp-badge">
                    {t(`classification.${event.classification}` as AnyMessageKey)}
                  </StatusBadge>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      {tab === 'referrals' && (
        <section aria-labelledby="referrals-title">
          <Heading level={2} id="referrals-title">
            {t('pathway.tab.referrals')}
          </Heading>
          {summary.referrals.length === 0 ? (
            <Paragraph>{t('pathway.referrals.empty')}</Paragraph>
          ) : (
            <ul className="kp-list">
              {summary.referrals.map((referral) => (
                <li key={referral.referralId}>
                  <strong>
                    {organisationName(referral.fromOrg)} → {organisationName(referral.toOrg)}
                  </strong>{' '}
                  <StatusBadge className="kp-badge">
                    {t(`pathway.referrals.status.${referral.status}` as AnyMessageKey)}
                  </StatusBadge>
                  {referral.madeAt && <> — {shortDate(referral.madeAt, locale)}</>}
                  {referral.status === 'waiting' && referral.madeAt && (
                    <>
                      {' '}
                      —{' '}
                      {t('pathway.referrals.waiting', {
                        days: workingDaysBetween(new Date(referral.madeAt), new Date()),
                      })}
                    </>
                  )}
                  {referral.declineReason && <> — {referral.declineReason}</>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {tab === 'consents' && (
        <section aria-labelledby="consents-title">
          <Heading level={2} id="consents-title">
            {t('pathway.tab.consents')}
          </Heading>
          {summary.consents.length === 0 ? (
            <Paragraph>{t('pathway.consents.empty')}</Paragraph>
          ) : (
            <ul className="kp-list">
              {summary.consents.map((consent) => (
                <li key={consent.consentId}>
                  <strong>{organisationName(consent.grantee)}</strong> —{' '}
                  {t('pathway.consents.scope', {
                    scope: consent.scope.map((s) => t(`classification.${s}` as AnyMessageKey)).join(', '),
                  })}
                  {consent.withdrawnAt && (
                    <> — {t('pathway.consents.withdrawn', { date: shortDate(consent.withdrawnAt, locale) })}</>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {tab === 'access-log' && (
        <section aria-labelledby="access-log-title">
          <Heading level={2} id="access-log-title">
            {t('pathway.accessLog.title')}
          </Heading>
          <Paragraph>{t('pathway.accessLog.intro')}</Paragraph>
          {accessLog.isPending ? (
            <Loading />
          ) : accessLog.isError ? (
            <ErrorState error={accessLog.error} retry={() => void accessLog.refetch()} />
          ) : (
            <>
              {accessLog.data.incomplete.length > 0 && (
                <Alert type="warning" role="status">
                  <Paragraph>
                    {t('pathway.accessLog.incomplete', { services: accessLog.data.incomplete.join(', ') })}
                  </Paragraph>
                </Alert>
              )}
              {accessLog.data.rows.length === 0 ? (
                <Paragraph>{t('pathway.accessLog.empty')}</Paragraph>
              ) : (
                <div className="kp-table-scroll" role="region" aria-labelledby="access-log-caption" tabIndex={0}>
                  <table className="utrecht-table utrecht-table--html-table">
                    <caption id="access-log-caption" className="utrecht-table__caption">
                      {t('pathway.accessLog.title')}
                    </caption>
                    <thead className="utrecht-table__header">
                      <tr className="utrecht-table__row">
                        <th scope="col" className="utrecht-table__header-cell">
                          {t('pathway.accessLog.col.when')}
                        </th>
                        <th scope="col" className="utrecht-table__header-cell">
                          {t('pathway.accessLog.col.who')}
                        </th>
                        <th scope="col" className="utrecht-table__header-cell">
                          {t('pathway.accessLog.col.what')}
                        </th>
                        <th scope="col" className="utrecht-table__header-cell">
                          {t('pathway.accessLog.col.purpose')}
                        </th>
                        <th scope="col" className="utrecht-table__header-cell">
                          {t('pathway.accessLog.col.service')}
                        </th>
                      </tr>
                    </thead>
                    <tbody className="utrecht-table__body">
                      {accessLog.data.rows.map((row) => (
                        <tr key={`${row.service}-${row.id}`} className="utrecht-table__row">
                          <td className="utrecht-table__cell">{dateTime(row.occurredAt, locale)}</td>
                          <td className="utrecht-table__cell">
                            {t(`org.${row.organisationKind}` as AnyMessageKey, { id: row.organisationId })},{' '}
                            {row.roles.map((r) => t(`role.${r}` as AnyMessageKey)).join(', ')}
                          </td>
                          <td className="utrecht-table__cell">{row.resource}</td>
                          <td className="utrecht-table__cell">{row.purpose}</td>
                          <td className="utrecht-table__cell">{row.service}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </section>
      )}
    </article>
  );
}
