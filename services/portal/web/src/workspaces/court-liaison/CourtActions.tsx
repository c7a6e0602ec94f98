import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiSend } from '../../api/client';
import { RadioGroup, SelectField, TextField } from '../../components/fields';
import { useOrganisationName } from '../../components/OrganisationName';
import { formText } from '../../domain/form';
import { dateTime, longDate, shortDate, today } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { ActionCard, type ActionRequest } from '../../pages/pathway/ActionCard';
import {
  availableCourtActions,
  COURT_CASES,
  courtCaseKey,
  dayAfter,
  DECLINE_REASONS,
  hasProceedings,
  INSTRUMENTS,
  MORATORIUM_BASES,
  MORATORIUM_MAX_MONTHS,
  moratoriumTermProblem,
  plusMonths,
  waitingReferrals,
  WSNP_MAX_TERM_MONTHS,
  type CourtAction,
  type CourtCase,
  type CourtReferral,
} from './court-case';

type Send = (label: string, request: { path: string; body: object }) => Promise<void>;

/**
 * What the court liaison can record now: an answer to each referral still
 * waiting, then the next step of each procedure the service allows in the
 * case's state (court-case.ts, availableCourtActions). Every step is confirmed
 * first; the service's refusal is shown in its own words next to the form.
 */
export function CourtActions({ c }: { c: CourtCase }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLDivElement>(null);
  const actions = availableCourtActions(c);
  const waiting = waitingReferrals(c);

  const send: Send = async (label, { path, body }) => {
    const after = await apiSend<CourtCase>('POST', 'court-liaison', path, body);
    queryClient.setQueryData(courtCaseKey(c.pathwayId), after);
    setDone(t('pathway.action.done', { action: label }));
    // The form just sent is gone (the case moved on): keep the keyboard's place at the confirmation.
    requestAnimationFrame(() => doneRef.current?.focus());
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['pathway', c.pathwayId] }),
      queryClient.invalidateQueries({ queryKey: COURT_CASES }),
    ]);
  };

  return (
    <section aria-labelledby="court-actions-title" className="kp-section kp-actions">
      <Heading level={2} id="court-actions-title">
        {t('court.actions.title')}
      </Heading>
      <Paragraph className="kp-muted">{t('court.actions.intro')}</Paragraph>
      <div aria-live="polite" ref={doneRef} tabIndex={-1} className="kp-focus-target">
        {done && (
          <Alert type="ok">
            <Paragraph>{done}</Paragraph>
          </Alert>
        )}
      </div>
      {actions.length === 0 && waiting.length === 0 ? (
        <Paragraph>{t('court.actions.none')}</Paragraph>
      ) : (
        <div className="kp-action-list">
          {waiting.map((referral) => (
            <ReferralAnswer key={referral.referralId} c={c} referral={referral} send={send} />
          ))}
          {actions.map((action) => (
            <Action key={action} action={action} c={c} send={send} />
          ))}
        </div>
      )}
    </section>
  );
}

/** Accepting or declining one referral still waiting; declining only while no procedure started. */
function ReferralAnswer({ c, referral, send }: { c: CourtCase; referral: CourtReferral; send: Send }) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  const from = organisationName(referral.fromOrg);
  const declinable = !hasProceedings(c);
  return (
    <>
      <ActionCard
        title={t('court.referral.answer', { from })}
        intro={t('court.referral.answer.intro', { date: shortDate(referral.receivedAt, locale) })}
        submitLabel={t('court.referral.accept')}
        send={send}
        build={(): ActionRequest => ({ path: `/referrals/${referral.referralId}/acceptance`, body: {} })}
      />
      {declinable ? (
        <ActionCard
          title={t('court.referral.declineTitle', { from })}
          submitLabel={t('court.referral.decline')}
          danger
          send={send}
          build={(form): ActionRequest => {
            const declineReason = formText(form, 'declineReason');
            return {
              path: `/referrals/${referral.referralId}/decline`,
              body: { declineReason },
              confirm: (
                <Paragraph>
                  {t('court.referral.decline.confirm', {
                    reason: tOr(`decline.${declineReason}` as AnyMessageKey, declineReason),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <SelectField
            name="declineReason"
            label={t('court.referral.declineReason')}
            options={DECLINE_REASONS.map((r): [string, string] => [r, tOr(`decline.${r}` as AnyMessageKey, r)])}
          />
        </ActionCard>
      ) : (
        <Paragraph className="kp-muted">{t('court.referral.noDecline')}</Paragraph>
      )}
    </>
  );
}

/** A step that only records that it happened: confirmed, then sent with an empty body. */
const MOMENTS = {
  'moratorium-reject': { path: '/moratorium/reject', label: 'court.action.moratoriumReject' },
  'forced-settlement-request': { path: '/forced-settlement/request', label: 'court.action.forcedSettlementRequest' },
  'wsnp-petition': { path: '/wsnp/petition', label: 'court.action.wsnpPetition' },
  'wsnp-rejection': { path: '/wsnp/rejection', label: 'court.action.wsnpRejection' },
  'protective-administration-request': { path: '/protective-administration/request', label: 'court.action.paRequest' },
  'protective-administration-order': { path: '/protective-administration/order', label: 'court.action.paOrder' },
  'protective-administration-lift': { path: '/protective-administration/lift', label: 'court.action.paLift' },
} as const satisfies Partial<Record<CourtAction, { path: string; label: string }>>;

function Action({ action, c, send }: { action: CourtAction; c: CourtCase; send: Send }) {
  const { t, locale } = useT();
  const base = `/pathways/${c.pathwayId}`;
  const date = (value: string) => longDate(value, locale);

  switch (action) {
    case 'moratorium-reject':
    case 'forced-settlement-request':
    case 'wsnp-petition':
    case 'wsnp-rejection':
    case 'protective-administration-request':
    case 'protective-administration-order':
    case 'protective-administration-lift': {
      const step = MOMENTS[action];
      const label = step.label as AnyMessageKey;
      return (
        <ActionCard
          title={t(label)}
          intro={t(`${step.label}.intro` as AnyMessageKey)}
          submitLabel={t(label)}
          send={send}
          build={(): ActionRequest => ({
            path: `${base}${step.path}`,
            body: {},
            confirm: <Paragraph>{t(`${step.label}.confirm` as AnyMessageKey)}</Paragraph>,
          })}
        />
      );
    }
    case 'reopen':
      return (
        <ActionCard
          title={t('court.action.reopen')}
          intro={t('court.action.reopen.intro')}
          submitLabel={t('court.action.reopen')}
          send={send}
          build={(): ActionRequest => ({
            path: '/cases',
            body: { pathwayId: c.pathwayId },
            confirm: <Paragraph>{t('court.action.reopen.confirm')}</Paragraph>,
          })}
        />
      );
    case 'moratorium-request':
      return (
        <ActionCard
          title={t('court.action.moratoriumRequest')}
          intro={t('court.action.moratoriumRequest.intro')}
          submitLabel={t('court.action.moratoriumRequest')}
          send={send}
          build={(form): ActionRequest => {
            const basis = formText(form, 'basis');
            return {
              path: `${base}/moratorium/request`,
              body: { basis },
              confirm: (
                <Paragraph>
                  {t('court.action.moratoriumRequest.confirm', { basis: t(`court.basis.${basis}` as AnyMessageKey) })}
                </Paragraph>
              ),
            };
          }}
        >
          <RadioGroup
            name="basis"
            legend={t('court.action.basis')}
            defaultValue="Wgs-5"
            options={MORATORIUM_BASES.map((b): [string, string] => [b, t(`court.basis.${b}`)])}
          />
        </ActionCard>
      );
    case 'moratorium-grant': {
      const start = today();
      return (
        <ActionCard
          title={t('court.action.moratoriumGrant')}
          intro={t('court.action.moratoriumGrant.intro')}
          submitLabel={t('court.action.moratoriumGrant')}
          send={send}
          build={(form): ActionRequest => {
            const startsAt = formText(form, 'startsAt');
            const endsAt = formText(form, 'endsAt');
            const problem = moratoriumTermProblem(startsAt, endsAt);
            if (problem)
              return {
                problem: t(`court.action.term.${problem}`, {
                  date: problem === 'too-long' ? date(plusMonths(startsAt, MORATORIUM_MAX_MONTHS)) : '',
                }),
              };
            return {
              path: `${base}/moratorium/grant`,
              body: { startsAt, endsAt },
              confirm: (
                <Paragraph>
                  {t('court.action.moratoriumGrant.confirm', {
                    start: date(startsAt),
                    end: date(endsAt),
                    after: date(dayAfter(endsAt)),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <TextField name="startsAt" type="date" label={t('court.action.startsAt')} defaultValue={start} />
          <TextField
            name="endsAt"
            type="date"
            label={t('court.action.endsAt')}
            description={t('court.action.endsAt.hint')}
            defaultValue={plusMonths(start, 3)}
          />
        </ActionCard>
      );
    }
    case 'provisional-measure':
      return (
        <ActionCard
          title={t('court.action.provisionalMeasure')}
          intro={t('court.action.provisionalMeasure.intro')}
          submitLabel={t('court.action.provisionalMeasure')}
          send={send}
          build={(form): ActionRequest => {
            const endsAt = formText(form, 'endsAt');
            if (!endsAt) return { problem: t('court.action.dateMissing') };
            return {
              path: `${base}/provisional-measure`,
              body: { endsAt },
              confirm: <Paragraph>{t('court.action.provisionalMeasure.confirm', { end: date(endsAt) })}</Paragraph>,
            };
          }}
        >
          <TextField name="endsAt" type="date" min={today()} label={t('court.action.provisionalMeasure.endsAt')} />
        </ActionCard>
      );
    case 'forced-settlement-decision':
      return (
        <ActionCard
          title={t('court.action.forcedSettlementDecision')}
          intro={t('court.action.forcedSettlementDecision.intro')}
          submitLabel={t('pathway.action.submit')}
          send={send}
          build={(form): ActionRequest => {
            const outcome = formText(form, 'outcome') as 'granted' | 'rejected';
            return {
              path: `${base}/forced-settlement/decision`,
              body: { outcome },
              confirm: (
                <Paragraph>
                  {t('court.action.forcedSettlementDecision.confirm', { outcome: t(`court.outcome.${outcome}`) })}
                </Paragraph>
              ),
            };
          }}
        >
          <RadioGroup
            name="outcome"
            legend={t('court.action.outcome')}
            defaultValue="granted"
            options={[
              ['granted', t('court.outcome.granted')],
              ['rejected', t('court.outcome.rejected')],
            ]}
          />
        </ActionCard>
      );
    case 'wsnp-admission':
      return (
        <ActionCard
          title={t('court.action.wsnpAdmission')}
          intro={t('court.action.wsnpAdmission.intro')}
          submitLabel={t('court.action.wsnpAdmission')}
          send={send}
          build={(form): ActionRequest => {
            const termMonths = Number(formText(form, 'termMonths'));
            if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > WSNP_MAX_TERM_MONTHS)
              return { problem: t('court.action.termMonths.invalid') };
            return {
              path: `${base}/wsnp/admission`,
              body: { termMonths },
              confirm: <Paragraph>{t('court.action.wsnpAdmission.confirm', { months: termMonths })}</Paragraph>,
            };
          }}
        >
          <TextField
            name="termMonths"
            type="number"
            inputMode="numeric"
            min={1}
            max={WSNP_MAX_TERM_MONTHS}
            step={1}
            defaultValue="18"
            label={t('court.action.termMonths')}
            description={t('court.action.termMonths.hint')}
          />
        </ActionCard>
      );
    case 'wsnp-end':
      return (
        <ActionCard
          title={t('court.action.wsnpEnd')}
          intro={t('court.action.wsnpEnd.intro')}
          submitLabel={t('court.action.wsnpEnd')}
          send={send}
          build={(form): ActionRequest => {
            const cleanSlate = formText(form, 'cleanSlate') === 'yes';
            return {
              path: `${base}/wsnp/end`,
              body: { cleanSlate },
              confirm: (
                <Paragraph>
                  {t('court.action.wsnpEnd.confirm', {
                    cleanSlate: cleanSlate ? t('court.cleanSlate.yes') : t('court.cleanSlate.no'),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <RadioGroup
            name="cleanSlate"
            legend={t('court.action.cleanSlate')}
            defaultValue="yes"
            options={[
              ['yes', t('court.action.cleanSlate.yes')],
              ['no', t('court.action.cleanSlate.no')],
            ]}
          />
        </ActionCard>
      );
    case 'hearing':
      return (
        <ActionCard
          title={t('court.action.hearing')}
          intro={t('court.action.hearing.intro')}
          submitLabel={t('court.action.hearing')}
          send={send}
          build={(form): ActionRequest => {
            const value = formText(form, 'at');
            const at = value ? new Date(value) : undefined;
            if (!at || Number.isNaN(at.getTime())) return { problem: t('court.action.hearing.atMissing') };
            const instrument = formText(form, 'instrument');
            return {
              path: `${base}/hearings`,
              body: { at: at.toISOString(), instrument },
              confirm: (
                <Paragraph>
                  {t('court.action.hearing.confirm', {
                    when: dateTime(at.toISOString(), locale),
                    instrument: t(`court.instrument.${instrument}` as AnyMessageKey),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <TextField name="at" type="datetime-local" label={t('court.action.hearing.at')} />
          <SelectField
            name="instrument"
            label={t('court.action.hearing.instrument')}
            options={INSTRUMENTS.map((i): [string, string] => [i, t(`court.instrument.${i}`)])}
          />
        </ActionCard>
      );
  }
}
