import {
  Button,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  Textbox,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { useLiveUpdates } from '../../api/client';
import { ErrorState, Loading, NotFound } from '../../components/States';
import { formText } from '../../domain/form';
import { clockTime } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';
import { GP_KEYS, patientRefProblem, useConsents, useReferrals } from './gp';
import { PatientPage } from './PatientPage';
import { ReferralsTable, WhatYouSee } from './parts';

/** The gp practice workspace under `/huisarts`: its own routes; anything else is the portal's not-found page. */
export default function GpWorkspace() {
  return (
    <Routes>
      <Route index element={<GpHome />} />
      <Route path="patienten/:patientRef" element={<PatientPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/**
 * Live: the practice hears an outcome back (its own referral-outcome-received
 * event on the chain); the workspace's lists are read again and a polite
 * status line says so.
 */
export function useGpLiveUpdates(): string {
  const { t, locale } = useT();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  useLiveUpdates(
    undefined,
    useCallback(() => {
      void queryClient.invalidateQueries({ queryKey: GP_KEYS.all });
      setAnnouncement(t('gp.patient.updated', { time: clockTime(new Date(), locale) }));
    }, [queryClient, t, locale]),
  );
  return announcement;
}

/** The practice's start page: what it sees and why, a patient to open, and its referrals with their outcomes. */
function GpHome() {
  const { t } = useT();
  useDocumentTitle(t('gp.title'));
  const referrals = useReferrals();
  const consents = useConsents();
  const announcement = useGpLiveUpdates();

  return (
    <section aria-labelledby="gp-title">
      <div className="kp-narrow">
        <Heading level={1} id="gp-title">
          {t('gp.title')}
        </Heading>
        <Paragraph>{t('gp.intro')}</Paragraph>
        <WhatYouSee />
        <OpenPatient />
      </div>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <section aria-labelledby="gp-referrals-title" className="kp-section">
        <Heading level={2} id="gp-referrals-title">
          {t('gp.referrals.title')}
        </Heading>
        {referrals.isPending ? (
          <Loading />
        ) : referrals.isError ? (
          <ErrorState error={referrals.error} retry={() => void referrals.refetch()} headingLevel={3} />
        ) : (
          <ReferralsTable referrals={referrals.data} consents={consents.data ?? []} withPatient />
        )}
      </section>
    </section>
  );
}

/** A patient by the practice's own reference (never a BSN: it ends up in the address bar). */
function OpenPatient() {
  const { t } = useT();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ref = formText(new FormData(event.currentTarget), 'patientRef');
    const why = patientRefProblem(ref);
    if (why) {
      setProblem(why === 'bsn' ? t('gp.open.bsn') : t('gp.open.invalid'));
      return;
    }
    void navigate(`/huisarts/patienten/${encodeURIComponent(ref)}`);
  };
  return (
    <section aria-labelledby="gp-open-title" className="kp-section">
      <Heading level={2} id="gp-open-title">
        {t('gp.open.title')}
      </Heading>
      <form className="kp-form kp-form--compact" onSubmit={submit} noValidate>
        <FormField invalid={!!problem}>
          <FormLabel htmlFor="field-patientRef">{t('gp.open.label')}</FormLabel>
          <FormFieldDescription id="field-patientRef-hint">{t('gp.open.hint')}</FormFieldDescription>
          {problem && <FormFieldErrorMessage id="field-patientRef-error">{problem}</FormFieldErrorMessage>}
          <Textbox
            id="field-patientRef"
            name="patientRef"
            autoComplete="off"
            spellCheck={false}
            invalid={!!problem}
            aria-invalid={!!problem || undefined}
            aria-describedby={['field-patientRef-hint', problem ? 'field-patientRef-error' : '']
              .filter(Boolean)
              .join(' ')}
          />
        </FormField>
        <Button type="submit" appearance="secondary-action-button">
          {t('gp.open.submit')}
        </Button>
      </form>
    </section>
  );
}
