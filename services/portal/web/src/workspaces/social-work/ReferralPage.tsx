import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Paragraph,
  StatusBadge,
} from '@utrecht/component-library-react';
import { Link, useParams } from 'react-router-dom';
import { useLiveUpdates } from '../../api/client';
import { useOrganisationName } from '../../components/OrganisationName';
import { ErrorState, isNotFound, Loading, NotFound } from '../../components/States';
import { dateTime, pathwayReference } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { DetailFailure, DetailHeader } from '../detail-header';
import { useReferral } from './social-work.api';
import { ReferralActions, WaitingBadge } from './SocialWorkActions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_BADGE = { open: 'warning', accepted: 'neutral', declined: 'danger' } as const;

/** One referral of the inbox: what it is about, how long it waited, and its answer; another organisation's is not-found. */
export function ReferralPage() {
  const { referralId = '' } = useParams();
  if (!UUID.test(referralId)) return <NotFound />;
  return <ReferralView key={referralId} referralId={referralId.toLowerCase()} />;
}

function ReferralView({ referralId }: { referralId: string }) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  const referral = useReferral(referralId);
  const data = referral.data;
  useDocumentTitle(
    data
      ? t('socialWork.referral.title', { reference: pathwayReference(data.pathwayId) })
      : t('socialWork.inbox.title'),
  );
  useLiveUpdates(data?.pathwayId);

  if (referral.isPending) return <Loading label={t('socialWork.referral.loading')} />;
  if (isNotFound(referral.error)) return <NotFound />;
  if (!data)
    return (
      <DetailFailure
        title={t('socialWork.inbox.title')}
        titleId="referral-title"
        error={referral.error}
        retry={() => void referral.refetch()}
      />
    );

  const reference = pathwayReference(data.pathwayId);
  const title = t('socialWork.referral.title', { reference });
  return (
    <article aria-labelledby="referral-title" className="kp-pathway">
      <DetailHeader
        up={{ href: '/sociaal-werk', label: t('socialWork.referral.backToInbox') }}
        here={`/sociaal-werk/verwijzingen/${referralId}`}
        title={title}
        titleId="referral-title"
        badge={<StatusBadge status={STATUS_BADGE[data.status]}>{t(`socialWork.status.${data.status}`)}</StatusBadge>}
      />
      {referral.isError && <ErrorState error={referral.error} retry={() => void referral.refetch()} />}

      <section aria-labelledby="referral-details" className="kp-card kp-section">
        <Heading level={2} id="referral-details">
          {t('socialWork.referral.details')}
        </Heading>
        <DataList className="kp-datalist kp-datalist--columns">
          <DataListItem>
            <DataListKey>{t('socialWork.referral.from')}</DataListKey>
            <DataListValue>{organisationName(data.fromOrg)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.referral.reason')}</DataListKey>
            <DataListValue>{tOr(`reason.${data.reason}` as AnyMessageKey, data.reason)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.referral.kind')}</DataListKey>
            <DataListValue>
              {data.urgent ? t('socialWork.referral.kindUrgent') : t('socialWork.referral.kindNormal')}
              {data.warm && <span className="kp-block">{t('socialWork.referral.warm')}</span>}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.referral.made')}</DataListKey>
            <DataListValue>{dateTime(data.madeAt, locale)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('socialWork.referral.waiting')}</DataListKey>
            <DataListValue>
              <WaitingBadge referral={data} />
            </DataListValue>
          </DataListItem>
          {data.declineReason && (
            <DataListItem>
              <DataListKey>{t('socialWork.referral.declineReason')}</DataListKey>
              <DataListValue>{tOr(`decline.${data.declineReason}` as AnyMessageKey, data.declineReason)}</DataListValue>
            </DataListItem>
          )}
          {data.status === 'accepted' && (
            <DataListItem>
              <DataListKey>{t('socialWork.referral.firstContact')}</DataListKey>
              <DataListValue>
                {data.firstContactAt
                  ? dateTime(data.firstContactAt, locale)
                  : t('socialWork.referral.firstContactNone')}
              </DataListValue>
            </DataListItem>
          )}
        </DataList>
        {data.status === 'accepted' && (
          <Paragraph>
            <Link className="utrecht-link utrecht-link--html-a" to={`/sociaal-werk/trajecten/${data.pathwayId}`}>
              {t('socialWork.referral.toPathway', { reference })}
            </Link>
          </Paragraph>
        )}
      </section>

      <ReferralActions referral={data} />
    </article>
  );
}
