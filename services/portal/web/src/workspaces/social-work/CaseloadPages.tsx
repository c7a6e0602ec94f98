import {
  Alert,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Paragraph,
  TableCell,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { Link, useParams } from 'react-router-dom';
import { useLiveUpdates, useSession } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorState, isNotFound, Loading, NotFound } from '../../components/States';
import { dateTime, longDate, pathwayReference, shortDate } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { DetailFailure, DetailHeader } from '../detail-header';
import { ChainTimelineSection, useLiveChainTimeline } from '../chain-timeline';
import { useCaseload, useCaseloadPathway } from './social-work.api';
import type { CaseloadItem } from './social-work.domain';
import { PathwayActions } from './SocialWorkActions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The social worker's caseload: the pathways the organisation took on, newest first; live. */
export function SocialWorkCaseloadPage() {
  const { t, locale } = useT();
  const session = useSession();
  const user = session.data?.signedIn ? session.data.user : undefined;
  const caseload = useCaseload();
  useDocumentTitle(t('socialWork.caseload.title'));
  useLiveUpdates();
  const pathways = caseload.data?.pathways;

  return (
    <section aria-labelledby="sw-caseload-title">
      <div className="kp-page-title">
        <Heading level={1} id="sw-caseload-title">
          {t('socialWork.caseload.title')}
        </Heading>
      </div>
      <Paragraph>{t('socialWork.caseload.intro', { organisation: user?.organisation.name ?? '' })}</Paragraph>
      {caseload.isPending ? (
        <Loading label={t('socialWork.caseload.loading')} />
      ) : !pathways ? (
        <ErrorState error={caseload.error} retry={() => void caseload.refetch()} />
      ) : pathways.length === 0 ? (
        <Alert type="info">
          <Paragraph>{t('socialWork.caseload.empty')}</Paragraph>
        </Alert>
      ) : (
        <DataTable
          id="sw-caseload-caption"
          caption={t('socialWork.caseload.caption', { count: pathways.length })}
          columns={[
            t('socialWork.col.reference'),
            t('socialWork.caseload.col.since'),
            t('socialWork.caseload.col.support'),
            t('socialWork.caseload.col.urgent'),
          ]}
        >
          {pathways.map((item) => (
            <CaseloadRow key={item.pathwayId} item={item} locale={locale} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function CaseloadRow({ item, locale }: { item: CaseloadItem; locale: string }) {
  const { t } = useT();
  return (
    <TableRow>
      <TableHeaderCell scope="row">
        <Link className="utrecht-link utrecht-link--html-a" to={`/sociaal-werk/trajecten/${item.pathwayId}`}>
          <span className="kp-visually-hidden">{t('socialWork.caseload.rowLink')} </span>
          {pathwayReference(item.pathwayId)}
        </Link>
      </TableHeaderCell>
      <TableCell>{shortDate(item.openedAt, locale)}</TableCell>
      <TableCell>
        {item.activeSupport.length === 0
          ? t('common.none')
          : item.activeSupport.map((k) => t(`support.${k}` as AnyMessageKey)).join(', ')}
      </TableCell>
      <TableCell>
        {item.urgentSituations.length === 0
          ? t('common.none')
          : item.urgentSituations.map((u) => t(`crisis.${u.threat}` as AnyMessageKey)).join(', ')}
      </TableCell>
    </TableRow>
  );
}

/** One pathway of the caseload: the organisation's own records and actions, and the chain timeline as far as need-to-know lets it read. */
export function CaseloadPathwayPage() {
  const { pathwayId = '' } = useParams();
  if (!UUID.test(pathwayId)) return <NotFound pathway />;
  return <CaseloadPathwayView key={pathwayId} pathwayId={pathwayId.toLowerCase()} />;
}

function CaseloadPathwayView({ pathwayId }: { pathwayId: string }) {
  const { t, tOr, locale } = useT();
  const reference = pathwayReference(pathwayId);
  const title = t('socialWork.pathway.title', { reference });
  useDocumentTitle(title);
  const own = useCaseloadPathway(pathwayId);
  const { chain, announcement } = useLiveChainTimeline(pathwayId, {
    enabled: !!own.data,
    announce: (what, time) =>
      t('socialWork.pathway.updated', { what: what ?? t('socialWork.pathway.updatedSomething'), time }),
  });

  if (own.isPending) return <Loading label={t('socialWork.pathway.loading')} />;
  // Not in the caseload, or another organisation's: the same page either way.
  if (isNotFound(own.error)) return <NotFound pathway />;
  const data = own.data;
  if (!data)
    return (
      <DetailFailure title={title} titleId="sw-pathway-title" error={own.error} retry={() => void own.refetch()} />
    );
  const contacts = data.referrals.filter((r) => r.status === 'accepted');

  return (
    <article aria-labelledby="sw-pathway-title" className="kp-pathway">
      <DetailHeader
        up={{ href: '/sociaal-werk/trajecten', label: t('socialWork.caseload.title') }}
        here={`/sociaal-werk/trajecten/${pathwayId}`}
        title={title}
        titleId="sw-pathway-title"
      />
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {own.isError && <ErrorState error={own.error} retry={() => void own.refetch()} />}

      <section aria-labelledby="sw-pathway-summary" className="kp-card kp-section">
        <Heading level={2} id="sw-pathway-summary">
          {t('socialWork.pathway.summary')}
        </Heading>
        <DataList className="kp-datalist kp-datalist--columns">
          <DataListItem>
            <DataListKey>{t('socialWork.pathway.since')}</DataListKey>
            <DataListValue>
              {shortDate(data.openedAt, locale)} ({t(`socialWork.pathway.openedBy.${data.openedBy}`)})
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.pathway.firstContact')}</DataListKey>
            <DataListValue>
              {contacts.length === 0
                ? t('common.none')
                : contacts
                    .map((r) =>
                      r.firstContactAt ? dateTime(r.firstContactAt, locale) : t('socialWork.referral.firstContactNone'),
                    )
                    .join(', ')}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.pathway.support')}</DataListKey>
            <DataListValue>
              {data.activeSupport.length === 0
                ? t('common.none')
                : data.activeSupport.map((k) => tOr(`support.${k}`, k)).join(', ')}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.pathway.urgent')}</DataListKey>
            <DataListValue>
              {data.urgentSituations.length === 0 ? (
                t('common.none')
              ) : (
                <ul>
                  {data.urgentSituations.map((u) => (
                    <li key={u.flaggedAt}>
                      {t('socialWork.pathway.urgentItem', {
                        threat: tOr(`crisis.${u.threat}`, u.threat),
                        dueBy: longDate(u.dueBy, locale),
                        flaggedAt: shortDate(u.flaggedAt, locale),
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </DataListValue>
          </DataListItem>
        </DataList>
      </section>

      <PathwayActions pathway={data} />

      <ChainTimelineSection chain={chain} note={t('socialWork.pathway.timelineHidden')} />
    </article>
  );
}
