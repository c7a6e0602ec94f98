import { Heading, Paragraph, StatusBadge, TableCell, TableRow } from '@utrecht/component-library-react';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { shortDate, workingDaysSince } from '../../domain/format';
import type { ChainReferral, MunicipalityPathway } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';

const STATUS_BADGE: Record<ChainReferral['status'], string> = {
  waiting: 'warning',
  accepted: 'neutral',
  declined: 'danger',
};

/** The referrals of the pathway across the chain, with how long an open one has waited (in working days). */
export function ReferralsTab({
  referrals,
  own,
}: {
  referrals: readonly ChainReferral[];
  own: MunicipalityPathway | undefined;
}) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  return (
    <section aria-labelledby="referrals-title" className="kp-section">
      <Heading level={2} id="referrals-title">
        {t('pathway.tab.referrals')}
      </Heading>
      {referrals.length === 0 ? (
        <Paragraph>{t('pathway.referrals.empty')}</Paragraph>
      ) : (
        <DataTable
          id="referrals-caption"
          caption={t('pathway.referrals.caption', { count: referrals.length })}
          columns={[
            t('pathway.referrals.col.from'),
            t('pathway.referrals.col.to'),
            t('pathway.referrals.col.made'),
            t('pathway.referrals.col.reason'),
            t('pathway.referrals.col.status'),
            t('pathway.referrals.col.answer'),
          ]}
        >
          {referrals.map((referral) => {
            const mine = own?.referrals[referral.referralId];
            return (
              <TableRow key={referral.referralId}>
                <TableCell>{organisationName(referral.fromOrg)}</TableCell>
                <TableCell>{organisationName(referral.toOrg)}</TableCell>
                <TableCell>{referral.madeAt ? shortDate(referral.madeAt, locale) : t('common.unknown')}</TableCell>
                <TableCell>
                  {mine ? (
                    <>
                      {tOr(`reason.${mine.reason}` as AnyMessageKey, mine.reason)}
                      {mine.urgent && <>, {t('pathway.referrals.urgent')}</>}
                      {mine.warm && <>, {t('pathway.referrals.warm')}</>}
                    </>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  <StatusBadge status={STATUS_BADGE[referral.status]}>
                    {t(`pathway.referrals.status.${referral.status}`)}
                  </StatusBadge>
                  {referral.bounce && <span className="kp-block">{t('pathway.referrals.bounce')}</span>}
                </TableCell>
                <TableCell>
                  {referral.status === 'waiting'
                    ? referral.madeAt
                      ? t('pathway.referrals.waiting', { days: workingDaysSince(referral.madeAt) })
                      : '—'
                    : referral.answeredAt
                      ? shortDate(referral.answeredAt, locale)
                      : '—'}
                  {referral.declineReason && (
                    <span className="kp-block">
                      {tOr(`decline.${referral.declineReason}` as AnyMessageKey, referral.declineReason)}
                    </span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
