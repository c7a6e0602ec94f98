import {
  Alert,
  Heading,
  Paragraph,
  StatusBadge,
  TableCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { Link } from 'react-router-dom';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { shortDate, today } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { consentState, type GpConsent, type GpReferral } from './gp';

/** Said plainly on every page: what the practice sees, what not, and why (medical confidentiality, need-to-know). */
export function WhatYouSee() {
  const { t } = useT();
  return (
    <Alert type="info">
      <Heading level={2} className="kp-alert-heading" id="gp-visibility-title">
        {t('gp.visibility.title')}
      </Heading>
      <UnorderedList aria-labelledby="gp-visibility-title">
        <UnorderedListItem>{t('gp.visibility.sees')}</UnorderedListItem>
        <UnorderedListItem>{t('gp.visibility.notSees')}</UnorderedListItem>
        <UnorderedListItem>{t('gp.visibility.withdrawn')}</UnorderedListItem>
      </UnorderedList>
      <Paragraph>{t('gp.visibility.why')}</Paragraph>
    </Alert>
  );
}

const STATUS_BADGE: Record<GpReferral['status'], string> = {
  made: 'warning',
  accepted: 'neutral',
  'outcome-received': 'neutral',
};

/** The outcome column in words: the one outcome, or why none will come. */
export function useOutcomeText(): (referral: GpReferral, consent: GpConsent | undefined) => string {
  const { t, locale } = useT();
  return (referral, consent) => {
    if (referral.outcome)
      return t('gp.referrals.outcome.on', {
        outcome: t(`gp.referrals.outcome.${referral.outcome}`),
        date: referral.outcomeAt ? shortDate(referral.outcomeAt, locale) : t('common.unknown'),
      });
    if (consent && consentState(consent, today()) !== 'valid') return t('gp.referrals.outcome.withdrawn');
    if (consent && !consent.scope.includes('receive-outcome')) return t('gp.referrals.outcome.notAllowed');
    return t('gp.referrals.outcome.waiting');
  };
}

/** The practice's referrals with status and outcome; with `withPatient` each row names (and links) its patient. */
export function ReferralsTable({
  referrals,
  consents,
  withPatient = false,
}: {
  referrals: readonly GpReferral[];
  consents: readonly GpConsent[];
  withPatient?: boolean;
}) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  const outcomeText = useOutcomeText();
  const consentOf = new Map(consents.map((c) => [c.consentId, c]));
  if (referrals.length === 0) return <Paragraph>{t('gp.referrals.empty')}</Paragraph>;
  return (
    <DataTable
      id={withPatient ? 'gp-referrals-caption' : 'gp-patient-referrals-caption'}
      caption={t('gp.referrals.caption', { count: referrals.length })}
      columns={[
        ...(withPatient ? [t('gp.referrals.col.patient')] : []),
        t('gp.referrals.col.to'),
        t('gp.referrals.col.made'),
        t('gp.referrals.col.reason'),
        t('gp.referrals.col.status'),
        t('gp.referrals.col.outcome'),
      ]}
    >
      {referrals.map((referral) => {
        const consent = consentOf.get(referral.consentId);
        return (
          <TableRow key={referral.referralId}>
            {withPatient && (
              <TableCell>
                {consent ? (
                  <Link
                    className="utrecht-link utrecht-link--html-a"
                    to={`/huisarts/patienten/${encodeURIComponent(consent.patientRef)}`}
                  >
                    {consent.patientRef}
                  </Link>
                ) : (
                  t('gp.referrals.unknownPatient')
                )}
              </TableCell>
            )}
            <TableCell>{organisationName(referral.toOrg)}</TableCell>
            <TableCell>{shortDate(referral.madeAt, locale)}</TableCell>
            <TableCell>
              {tOr(`reason.${referral.reason}` as AnyMessageKey, referral.reason)}
              {referral.urgent && <>, {t('gp.referrals.urgent')}</>}
              {referral.warm && <>, {t('gp.referrals.warm')}</>}
            </TableCell>
            <TableCell>
              <StatusBadge status={STATUS_BADGE[referral.status]}>
                {t(`gp.referrals.status.${referral.status}`)}
              </StatusBadge>
            </TableCell>
            <TableCell>{outcomeText(referral, consent)}</TableCell>
          </TableRow>
        );
      })}
    </DataTable>
  );
}
