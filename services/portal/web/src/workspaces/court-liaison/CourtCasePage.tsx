import {
  Alert,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Paragraph,
  StatusBadge,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { apiGet } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { isNotFound, Loading, NotFound } from '../../components/States';
import { dateTime, pathwayReference, shortDate } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { DetailFailure, DetailHeader } from '../detail-header';
import { ChainTimelineSection, useLiveChainTimeline } from '../chain-timeline';
import { courtCaseKey, type CourtCase, type CourtReferral } from './court-case';
import { CourtActions } from './CourtActions';
import { useProcedureWords } from './court-words';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REFERRAL_BADGE: Record<CourtReferral['status'], string> = {
  received: 'warning',
  accepted: 'neutral',
  declined: 'danger',
};

/**
 * One court case (`/rechtbank/zaken/:pathwayId`): its referrals, the state of
 * every procedure, what can be recorded now, and the chain timeline as far as
 * need-to-know lets the court read it — live. A pathway the court liaison has
 * no case for shows the portal's not-found page, whether it exists or not.
 */
export function CourtCasePage() {
  const { pathwayId = '' } = useParams();
  if (!UUID.test(pathwayId)) return <NotFound pathway />;
  return <CourtCaseView key={pathwayId} pathwayId={pathwayId.toLowerCase()} />;
}

function CourtCaseView({ pathwayId }: { pathwayId: string }) {
  const { t } = useT();
  const title = t('court.case.title', { reference: pathwayReference(pathwayId) });
  useDocumentTitle(title);

  const courtCase = useQuery({
    queryKey: courtCaseKey(pathwayId),
    queryFn: () => apiGet<CourtCase>('court-liaison', `/pathways/${pathwayId}`),
  });
  const { chain, announcement } = useLiveChainTimeline(pathwayId, {
    enabled: courtCase.isSuccess,
    announce: (what, time) => t('court.case.updated', { what: what ?? t('court.case.updatedSomething'), time }),
  });

  if (courtCase.isPending) return <Loading label={t('court.case.loading')} />;
  if (isNotFound(courtCase.error)) return <NotFound pathway />;
  if (courtCase.isError)
    return (
      <DetailFailure
        title={title}
        titleId="court-case-title"
        error={courtCase.error}
        retry={() => void courtCase.refetch()}
      />
    );

  const c = courtCase.data;
  return (
    <article aria-labelledby="court-case-title" className="kp-pathway">
      <DetailHeader
        up={{ href: '/rechtbank', label: t('court.inbox.title') }}
        here={`/rechtbank/zaken/${pathwayId}`}
        title={title}
        titleId="court-case-title"
        badge={<StatusBadge status="neutral">{t(`court.case.status.${c.status}`)}</StatusBadge>}
      />
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {c.status === 'closed' && (
        <Alert type="info">
          <Paragraph>{t('court.case.closedNote')}</Paragraph>
        </Alert>
      )}

      <CaseOverview c={c} />
      <CaseReferrals c={c} />
      <CourtActions c={c} />

      <ChainTimelineSection chain={chain} notYet={t('court.timeline.notYet')} />
    </article>
  );
}

/** Every procedure of the case at a glance, with the moratorium's automatic end. */
function CaseOverview({ c }: { c: CourtCase }) {
  const { t, locale } = useT();
  const words = useProcedureWords()(c);
  return (
    <section aria-labelledby="court-overview-title" className="kp-card kp-section">
      <Heading level={2} id="court-overview-title">
        {t('court.overview.title')}
      </Heading>
      <DataList className="kp-datalist kp-datalist--columns">
        <DataListItem>
          <DataListKey>{t('court.overview.moratorium')}</DataListKey>
          <DataListValue>
            {words.moratorium}
            {words.automaticEnd && <span className="kp-block">{words.automaticEnd}</span>}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('court.overview.provisionalMeasure')}</DataListKey>
          <DataListValue>{words.provisionalMeasure}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('court.overview.forcedSettlement')}</DataListKey>
          <DataListValue>{words.forcedSettlement}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('court.overview.wsnp')}</DataListKey>
          <DataListValue>{words.wsnp}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('court.overview.protectiveAdministration')}</DataListKey>
          <DataListValue>{words.protectiveAdministration}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('court.overview.hearings')}</DataListKey>
          <DataListValue>
            {c.hearings.length === 0
              ? t('court.overview.hearings.none')
              : [...c.hearings]
                  .sort((a, b) => a.at.localeCompare(b.at))
                  .map((hearing, index) => (
                    <span key={`${hearing.at}-${index}`} className="kp-block">
                      {t('court.overview.hearing', {
                        when: dateTime(hearing.at, locale),
                        instrument: t(`court.instrument.${hearing.instrument}` as AnyMessageKey),
                      })}
                    </span>
                  ))}
          </DataListValue>
        </DataListItem>
        {c.openedAt && (
          <DataListItem>
            <DataListKey>{t('court.case.openedAt')}</DataListKey>
            <DataListValue>{shortDate(c.openedAt, locale)}</DataListValue>
          </DataListItem>
        )}
      </DataList>
    </section>
  );
}

/** The referrals that reached the court for this pathway and the court's answer to each. */
function CaseReferrals({ c }: { c: CourtCase }) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  return (
    <section aria-labelledby="verwijzingen" className="kp-section">
      <Heading level={2} id="verwijzingen" tabIndex={-1}>
        {t('court.referrals.title')}
      </Heading>
      <DataTable
        id="court-referrals-caption"
        caption={t('court.referrals.caption', { count: c.referrals.length })}
        columns={[t('court.col.from'), t('court.col.reason'), t('court.col.received'), t('court.col.referral')]}
      >
        {c.referrals.map((referral) => (
          <TableRow key={referral.referralId}>
            <TableCell>{organisationName(referral.fromOrg)}</TableCell>
            <TableCell>
              {tOr(`reason.${referral.reason}` as AnyMessageKey, referral.reason)}
              {referral.urgent && <>, {t('court.referrals.urgent')}</>}
            </TableCell>
            <TableCell>{shortDate(referral.receivedAt, locale)}</TableCell>
            <TableCell>
              <StatusBadge status={REFERRAL_BADGE[referral.status]}>
                {t(`court.referrals.status.${referral.status}`)}
              </StatusBadge>
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}
