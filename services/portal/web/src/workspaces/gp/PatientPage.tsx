import { Alert, Button, Heading, Paragraph, StatusBadge, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, apiSend, useSession } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { ErrorState, Loading } from '../../components/States';
import { dateTime, shortDate, today } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { serviceWords } from '../../pages/pathway/ActionCard';
import { DetailHeader } from '../detail-header';
import { ConsentForm } from './ConsentForm';
import {
  consentState,
  consentToRefer,
  debtHelpOf,
  GP_KEYS,
  patientRefProblem,
  useConsents,
  useReferrals,
  type GpConsent,
  type GpReferral,
} from './gp';
import { useGpLiveUpdates } from './GpWorkspace';
import { ReferralForm } from './ReferralForm';
import { ReferralsTable, useOutcomeText, WhatYouSee } from './parts';

/** One patient of the practice, by its own reference: consent, referring, and what it heard back. */
export function PatientPage() {
  const { patientRef = '' } = useParams();
  const { t } = useT();
  const problem = patientRefProblem(patientRef);
  useDocumentTitle(problem ? t('gp.patient.title', { ref: '' }) : t('gp.patient.title', { ref: patientRef }));
  if (problem)
    return (
      <section aria-labelledby="gp-patient-title" className="kp-narrow">
        <Heading level={1} id="gp-patient-title">
          {t('gp.patient.title', { ref: '' })}
        </Heading>
        <Alert type="warning">
          <Paragraph>{t('gp.patient.invalid')}</Paragraph>
        </Alert>
      </section>
    );
  return <Patient key={patientRef} patientRef={patientRef} />;
}

function Patient({ patientRef }: { patientRef: string }) {
  const { t } = useT();
  const session = useSession();
  const user = session.data?.signedIn ? session.data.user : undefined;
  const consents = useConsents(patientRef);
  const referrals = useReferrals();
  const announcement = useGpLiveUpdates();
  const title = t('gp.patient.title', { ref: patientRef });

  const own = consents.data ?? [];
  const ids = new Set(own.map((c) => c.consentId));
  const mine = (referrals.data ?? []).filter((r) => ids.has(r.consentId));
  const consent = consentToRefer(own, today());
  const debtHelp = debtHelpOf(user?.organisation.municipalityCode);

  return (
    <article aria-labelledby="gp-patient-title">
      <DetailHeader
        up={{ href: '/huisarts', label: t('gp.title') }}
        here={`/huisarts/patienten/${encodeURIComponent(patientRef)}`}
        title={title}
        titleId="gp-patient-title"
      />
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className="kp-narrow">
        <WhatYouSee />
      </div>

      {consents.isPending ? (
        <Loading label={t('gp.patient.loading')} />
      ) : consents.isError ? (
        <ErrorState error={consents.error} retry={() => void consents.refetch()} />
      ) : (
        <>
          <ConsentsSection consents={own} />
          <div className="kp-columns">
            <section aria-labelledby="gp-consent-title" className="kp-section kp-card">
              <Heading level={2} id="gp-consent-title">
                {t('gp.consent.title')}
              </Heading>
              <ConsentForm patientRef={patientRef} />
            </section>
            <section aria-labelledby="gp-refer-title" className="kp-section kp-card">
              <Heading level={2} id="gp-refer-title">
                {t('gp.refer.title')}
              </Heading>
              {!debtHelp ? (
                <Paragraph>{t('gp.refer.noMunicipality')}</Paragraph>
              ) : !consent ? (
                <Paragraph>{t('gp.refer.noConsent')}</Paragraph>
              ) : (
                <ReferralForm consent={consent} toOrg={debtHelp} />
              )}
            </section>
          </div>
        </>
      )}

      <section aria-labelledby="gp-patient-referrals-title" className="kp-section">
        <Heading level={2} id="gp-patient-referrals-title">
          {t('gp.referrals.patientTitle')}
        </Heading>
        {referrals.isPending ? (
          <Loading />
        ) : referrals.isError ? (
          <ErrorState error={referrals.error} retry={() => void referrals.refetch()} headingLevel={3} />
        ) : (
          <ReferralsTable referrals={mine} consents={own} />
        )}
      </section>

      {consents.data && referrals.data && <History consents={own} referrals={mine} />}
    </article>
  );
}

/** The patient's consents with their state; a valid one can be withdrawn (after a confirmation). */
function ConsentsSection({ consents }: { consents: readonly GpConsent[] }) {
  const { t, tOr, locale } = useT();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<GpConsent>();
  const [done, setDone] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const status = useRef<HTMLDivElement>(null);
  const now = today();

  const withdraw = async (consent: GpConsent) => {
    setDone(undefined);
    setProblem(undefined);
    try {
      await apiSend('POST', 'gp', `/consents/${consent.consentId}/withdrawal`);
      setDone(t('gp.consents.withdrawn'));
      await queryClient.invalidateQueries({ queryKey: GP_KEYS.all });
    } catch (error) {
      setProblem(error instanceof ApiError ? serviceWords(error) : String(error));
    }
    // The button that was pressed is gone now: focus goes to what happened.
    status.current?.focus();
  };

  return (
    <section aria-labelledby="gp-consents-title" className="kp-section">
      <Heading level={2} id="gp-consents-title">
        {t('gp.consents.title')}
      </Heading>
      <div ref={status} tabIndex={-1} className="kp-focus-target" aria-live="polite">
        {done && (
          <Alert type="ok">
            <Paragraph>{done}</Paragraph>
          </Alert>
        )}
        {problem && (
          <Alert type="error">
            <Paragraph>{problem}</Paragraph>
          </Alert>
        )}
      </div>
      {consents.length === 0 ? (
        <Paragraph>{t('gp.consents.none')}</Paragraph>
      ) : (
        <DataTable
          id="gp-consents-caption"
          caption={t('gp.consents.caption', { count: consents.length })}
          columns={[
            t('gp.consents.col.recorded'),
            t('gp.consents.col.scope'),
            t('gp.consents.col.purpose'),
            t('gp.consents.col.validUntil'),
            t('gp.consents.col.status'),
          ]}
        >
          {consents.map((consent) => {
            const state = consentState(consent, now);
            return (
              <TableRow key={consent.consentId}>
                <TableCell>{dateTime(consent.recordedAt, locale)}</TableCell>
                <TableCell>
                  <ul className="kp-list">
                    {consent.scope.map((s) => (
                      <li key={s}>{tOr(`gp.consent.scope.${s}` as AnyMessageKey, s)}</li>
                    ))}
                  </ul>
                </TableCell>
                <TableCell>{tOr(`gp.consent.purpose.${consent.purpose}` as AnyMessageKey, consent.purpose)}</TableCell>
                <TableCell>
                  {consent.validUntil ? shortDate(consent.validUntil, locale) : t('gp.consents.untilWithdrawn')}
                </TableCell>
                <TableCell>
                  <StatusBadge status={state === 'valid' ? 'neutral' : 'warning'}>
                    {state === 'withdrawn'
                      ? t('gp.consents.status.withdrawn', { date: shortDate(consent.withdrawnAt!, locale) })
                      : t(`gp.consents.status.${state}`)}
                  </StatusBadge>
                  {consent.withdrawnAt === null && (
                    <span className="kp-block">
                      <Button
                        appearance="subtle-button"
                        hint="danger"
                        aria-label={t('gp.consents.withdraw.label', { date: dateTime(consent.recordedAt, locale) })}
                        onClick={() => setPending(consent)}
                      >
                        {t('gp.consents.withdraw')}
                      </Button>
                    </span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </DataTable>
      )}
      <ConfirmDialog
        open={pending !== undefined}
        title={t('gp.consents.withdraw')}
        confirmLabel={t('gp.consents.withdraw')}
        danger
        onCancel={() => setPending(undefined)}
        onConfirm={() => {
          const consent = pending;
          setPending(undefined);
          if (consent) void withdraw(consent);
        }}
      >
        {pending && (
          <Paragraph>{t('gp.consents.withdraw.confirm', { date: dateTime(pending.recordedAt, locale) })}</Paragraph>
        )}
        <Paragraph>{t('pathway.action.confirmQuestion')}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}

/** What the practice did and heard back about this patient, oldest first: its own events, nothing of the pathway. */
function History({ consents, referrals }: { consents: readonly GpConsent[]; referrals: readonly GpReferral[] }) {
  const { t, locale } = useT();
  const organisationName = useOrganisationName();
  const outcomeText = useOutcomeText();
  const entries = [
    ...consents.flatMap((c) => [
      { at: c.recordedAt, key: `${c.consentId}-recorded`, text: t('gp.history.consent') },
      ...(c.withdrawnAt
        ? [{ at: c.withdrawnAt, key: `${c.consentId}-withdrawn`, text: t('gp.history.withdrawn') }]
        : []),
    ]),
    ...referrals.flatMap((r) => [
      { at: r.madeAt, key: `${r.referralId}-made`, text: t('gp.history.referral', { to: organisationName(r.toOrg) }) },
      ...(r.outcomeAt
        ? [
            {
              at: r.outcomeAt,
              key: `${r.referralId}-outcome`,
              text: t('gp.history.outcome', { outcome: outcomeText(r, undefined) }),
            },
          ]
        : []),
    ]),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="gp-history-title" className="kp-section">
      <Heading level={2} id="gp-history-title">
        {t('gp.history.title')}
      </Heading>
      <Paragraph>{t('gp.history.intro')}</Paragraph>
      <ol className="kp-timeline" aria-labelledby="gp-history-title">
        {entries.map((entry) => (
          <li key={entry.key} className="kp-timeline__item">
            <time dateTime={entry.at} className="kp-timeline__time">
              {dateTime(entry.at, locale)}
            </time>
            <span className="kp-timeline__what">{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
