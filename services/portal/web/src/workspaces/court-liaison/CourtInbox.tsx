import { Heading, Paragraph, StatusBadge, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { apiGet, useLiveUpdates, useSession, type PathwayChanged } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { ErrorState, Loading } from '../../components/States';
import { clockTime, pathwayReference, shortDate } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { COURT_CASES, waitingReferrals, type CourtCase, type CourtReferral } from './court-case';
import { useStartedProcedures } from './court-words';

const REFERRAL_BADGE: Record<CourtReferral['status'], string> = {
  received: 'warning',
  accepted: 'neutral',
  declined: 'danger',
};

/**
 * The court liaison's inbox: the referrals still to answer, then every case
 * referred to the organisation with the state of its procedures — live.
 */
export function CourtInbox() {
  const { t, tOr, locale } = useT();
  const session = useSession();
  const queryClient = useQueryClient();
  const organisationName = useOrganisationName();
  const started = useStartedProcedures();
  const user = session.data?.signedIn ? session.data.user : undefined;
  const [announcement, setAnnouncement] = useState('');
  useDocumentTitle(t('court.inbox.title'));

  const cases = useQuery({
    queryKey: COURT_CASES,
    queryFn: async () => (await apiGet<{ cases: CourtCase[] }>('court-liaison', '/cases')).cases,
  });

  // Live: a change on any pathway may be a new referral or a case on screen; refetch, then say so.
  const visible = useRef<ReadonlySet<string>>(new Set());
  visible.current = new Set(cases.data?.map((c) => c.pathwayId));
  useLiveUpdates(
    undefined,
    useCallback(
      (change: PathwayChanged) => {
        void queryClient.invalidateQueries({ queryKey: COURT_CASES }).then(() => {
          if (
            visible.current.has(change.pathwayId) ||
            queryClient.getQueryData<CourtCase[]>(COURT_CASES)?.some((c) => c.pathwayId === change.pathwayId)
          )
            setAnnouncement(
              t('court.inbox.updated', {
                reference: pathwayReference(change.pathwayId),
                time: clockTime(new Date(), locale),
              }),
            );
        });
      },
      [queryClient, t, locale],
    ),
  );

  const waiting = (cases.data ?? []).flatMap((c) => waitingReferrals(c).map((referral) => ({ c, referral })));
  const caseLink = (pathwayId: string, text?: string) => (
    <Link className="utrecht-link utrecht-link--html-a" to={`/rechtbank/zaken/${pathwayId}`}>
      {text ?? t('court.case.link', { reference: pathwayReference(pathwayId) })}
    </Link>
  );

  return (
    <section aria-labelledby="court-inbox-title">
      <div className="kp-page-title">
        <Heading level={1} id="court-inbox-title">
          {t('court.inbox.title')}
        </Heading>
      </div>
      <Paragraph>{t('court.inbox.intro', { organisation: user?.organisation.name ?? '' })}</Paragraph>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {cases.isPending ? (
        <Loading label={t('court.inbox.loading')} />
      ) : cases.isError ? (
        <ErrorState error={cases.error} retry={() => void cases.refetch()} />
      ) : (
        <>
          <section aria-labelledby="court-waiting-title" className="kp-section">
            <Heading level={2} id="court-waiting-title">
              {t('court.inbox.waiting.title')}
            </Heading>
            {waiting.length === 0 ? (
              <Paragraph>{t('court.inbox.waiting.empty')}</Paragraph>
            ) : (
              <DataTable
                id="court-waiting-caption"
                caption={t('court.inbox.waiting.caption', { count: waiting.length })}
                columns={[t('court.col.case'), t('court.col.reason'), t('court.col.from'), t('court.col.received')]}
              >
                {waiting.map(({ c, referral }) => (
                  <TableRow key={referral.referralId}>
                    <TableCell>
                      {caseLink(c.pathwayId, t('court.inbox.answer', { reference: pathwayReference(c.pathwayId) }))}
                    </TableCell>
                    <TableCell>
                      {tOr(`reason.${referral.reason}` as AnyMessageKey, referral.reason)}
                      {referral.urgent && (
                        <>
                          {' '}
                          <StatusBadge status="danger">{t('court.referrals.urgent')}</StatusBadge>
                        </>
                      )}
                    </TableCell>
                    <TableCell>{organisationName(referral.fromOrg)}</TableCell>
                    <TableCell>{shortDate(referral.receivedAt, locale)}</TableCell>
                  </TableRow>
                ))}
              </DataTable>
            )}
          </section>

          <section aria-labelledby="court-cases-title" className="kp-section">
            <Heading level={2} id="court-cases-title">
              {t('court.inbox.cases.title')}
            </Heading>
            {cases.data.length === 0 ? (
              <Paragraph>{t('court.inbox.cases.empty')}</Paragraph>
            ) : (
              <DataTable
                id="court-cases-caption"
                caption={t('court.inbox.cases.caption', { count: cases.data.length })}
                columns={[
                  t('court.col.case'),
                  t('court.col.from'),
                  t('court.col.referral'),
                  t('court.col.procedures'),
                  t('court.col.status'),
                ]}
              >
                {cases.data.map((c) => {
                  const procedures = started(c);
                  const latest = c.referrals.at(-1);
                  return (
                    <TableRow key={c.pathwayId}>
                      <TableCell>{caseLink(c.pathwayId)}</TableCell>
                      <TableCell>
                        {[...new Set(c.referrals.map((r) => r.fromOrg))].map((org) => (
                          <span key={org} className="kp-block">
                            {organisationName(org)}
                          </span>
                        ))}
                      </TableCell>
                      <TableCell>
                        {latest ? (
                          <StatusBadge status={REFERRAL_BADGE[latest.status]}>
                            {t(`court.referrals.status.${latest.status}`)}
                          </StatusBadge>
                        ) : (
                          '—'
                        )}
                      </TableCell>
                      <TableCell>
                        {procedures.length === 0
                          ? t('court.case.procedures.none')
                          : procedures.map((line) => (
                              <span key={line} className="kp-block">
                                {line}
                              </span>
                            ))}
                      </TableCell>
                      <TableCell>
                        <StatusBadge status="neutral">{t(`court.case.status.${c.status}`)}</StatusBadge>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </DataTable>
            )}
          </section>
        </>
      )}
    </section>
  );
}
