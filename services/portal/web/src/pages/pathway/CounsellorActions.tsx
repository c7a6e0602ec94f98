import { Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiSend } from '../../api/client';
import { CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextField } from '../../components/fields';
import { useOrganisationName } from '../../components/OrganisationName';
import { formText } from '../../domain/form';
import { dateTime, longDate, today } from '../../domain/format';
import { euroCents, euros } from '../../domain/money';
import {
  availableActions,
  DEBT_TYPES,
  MANUAL_PHASE_TRANSITIONS,
  REFERRAL_REASONS,
  REFERRAL_TARGETS,
  SOLUTION_KINDS,
  SUPPORT_KINDS,
  UITSTROOM_REASONS,
  type MunicipalityPathway,
  type PathwayAction,
} from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { ActionsSection } from './ActionsSection';
import { ActionCard, type ActionRequest } from './ActionCard';

type Send = (label: string, request: { path: string; body: object; method?: 'POST' | 'DELETE' }) => Promise<void>;

/** A `datetime-local` value as an instant, or a problem when it lies in the future. */
function instantOf(value: string, future: string): { at?: string; problem?: string } {
  if (!value) return {};
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return { problem: future };
  if (at.getTime() > Date.now() + 60_000) return { problem: future };
  return { at: at.toISOString() };
}

/** The counsellor's actions for the pathway's current state (domain/pathway.ts, availableActions). */
export function CounsellorActions({ pathway }: { pathway: MunicipalityPathway }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string>();
  const actions = availableActions(pathway);

  const send: Send = async (label, { path, body, method = 'POST' }) => {
    await apiSend(
      method,
      'municipality',
      `/pathways/${pathway.pathwayId}${path}`,
      method === 'DELETE' ? undefined : body,
    );
    setDone(t('pathway.action.done', { action: label }));
    await queryClient.invalidateQueries({ queryKey: ['pathway', pathway.pathwayId] });
  };

  return (
    <ActionsSection done={done}>
      {actions.length === 0 ? (
        <Paragraph>{pathway.status === 'closed' ? t('pathway.actions.closed') : t('pathway.actions.none')}</Paragraph>
      ) : (
        <div className="kp-action-list">
          {actions.map((action) => (
            <Action key={action} action={action} pathway={pathway} send={send} />
          ))}
        </div>
      )}
    </ActionsSection>
  );
}

function Action({ action, pathway, send }: { action: PathwayAction; pathway: MunicipalityPathway; send: Send }) {
  const { t, locale } = useT();
  const organisationName = useOrganisationName();
  const phaseName = (phase: string) => t(`phase.${phase}` as AnyMessageKey);
  const uitstroomOptions = UITSTROOM_REASONS.map((r): [string, string] => [r, t(`uitstroom.${r}`)]);

  switch (action) {
    case 'first-conversation':
      return (
        <ActionCard
          title={t('pathway.action.firstConversation')}
          intro={
            pathway.firstConversationDue
              ? t('pathway.action.firstConversation.intro', { date: longDate(pathway.firstConversationDue, locale) })
              : undefined
          }
          submitLabel={t('pathway.action.firstConversation')}
          send={send}
          build={(form): ActionRequest => {
            const { at, problem } = instantOf(formText(form, 'heldAt'), t('pathway.action.notInFuture'));
            if (problem) return { problem };
            return {
              path: '/first-conversation',
              body: at ? { heldAt: at } : {},
              confirm: (
                <Paragraph>
                  {t('pathway.action.firstConversation.confirm', {
                    when: at ? dateTime(at, locale) : t('pathway.action.now'),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <TextField
            name="heldAt"
            type="datetime-local"
            label={t('pathway.action.heldAt')}
            description={t('pathway.action.heldAt.hint')}
          />
        </ActionCard>
      );
    case 'intake-decision':
      return (
        <ActionCard
          title={t('pathway.action.intake')}
          intro={t('pathway.action.intake.intro')}
          submitLabel={t('pathway.action.intake.submit')}
          send={send}
          build={(form): ActionRequest => {
            const decision = formText(form, 'decision');
            const decidedAt = formText(form, 'decidedAt');
            const closeReason = formText(form, 'closeReason');
            if (decidedAt && decidedAt > today()) return { problem: t('pathway.action.notInFuture') };
            return {
              path: '/intake-decision',
              body: {
                decision,
                ...(decidedAt ? { decidedAt } : {}),
                ...(decision === 'afwijzing' && closeReason ? { closeReason } : {}),
              },
              confirm: (
                <Paragraph>
                  {decision === 'toelating'
                    ? t('pathway.action.intake.confirmToelating')
                    : t('pathway.action.intake.confirmAfwijzing', {
                        reason: t(`uitstroom.${closeReason || 'Voldoet niet'}` as AnyMessageKey),
                      })}
                </Paragraph>
              ),
            };
          }}
        >
          <RadioGroup
            name="decision"
            legend={t('pathway.action.intake.decision')}
            defaultValue="toelating"
            options={[
              ['toelating', t('pathway.action.intake.toelating')],
              ['afwijzing', t('pathway.action.intake.afwijzing')],
            ]}
          />
          <TextField
            name="decidedAt"
            type="date"
            max={today()}
            label={t('pathway.action.decidedAt')}
            description={t('pathway.action.decidedAt.hint')}
          />
          <SelectField
            name="closeReason"
            label={t('pathway.action.intake.closeReason')}
            description={t('pathway.action.intake.closeReason.hint')}
            defaultValue="Voldoet niet"
            options={uitstroomOptions}
          />
        </ActionCard>
      );
    case 'plan-of-action':
      return (
        <ActionCard
          title={
            pathway.trajectory.planOfAction ? t('pathway.action.planOfAction.revise') : t('pathway.action.planOfAction')
          }
          intro={t('pathway.action.planOfAction.intro')}
          submitLabel={t('pathway.action.submit')}
          send={send}
          build={(form): ActionRequest => {
            const supportTypes = form.getAll('supportTypes').filter((v): v is string => typeof v === 'string');
            if (supportTypes.length === 0) return { problem: t('pathway.action.planOfAction.none') };
            return { path: '/plan-of-action', body: { supportTypes } };
          }}
        >
          <CheckboxGroup
            name="supportTypes"
            legend={t('pathway.action.planOfAction.support')}
            options={SUPPORT_KINDS.map((k): [string, string] => [k, t(`support.${k}`)])}
            defaultValues={pathway.trajectory.planOfAction?.supportTypes ?? []}
          />
        </ActionCard>
      );
    case 'stabilisation-start':
    case 'stabilisation-reached':
    case 'repayment-start':
    case 'repayment-complete':
    case 'aftercare-start':
    case 'aftercare-end': {
      const step = MOMENTS[action];
      return (
        <ActionCard
          title={t(step.label)}
          intro={t(step.intro)}
          submitLabel={t(step.label)}
          send={send}
          build={(): ActionRequest => ({
            path: step.path,
            body: {},
            confirm: <Paragraph>{t(step.confirm)}</Paragraph>,
          })}
        />
      );
    }
    case 'debts':
      return (
        <ActionCard
          title={t('pathway.action.debts')}
          intro={
            pathway.trajectory.debts
              ? t('pathway.action.debts.current', {
                  count: pathway.trajectory.debts.creditorCount,
                  amount: euros(pathway.trajectory.debts.totalDebtCents, locale),
                })
              : t('pathway.action.debts.intro')
          }
          submitLabel={t('pathway.action.submit')}
          send={send}
          build={(form): ActionRequest => {
            const creditorCount = Number(formText(form, 'creditorCount'));
            const totalDebtCents = euroCents(formText(form, 'totalDebt'));
            if (!Number.isInteger(creditorCount) || creditorCount < 0 || formText(form, 'creditorCount') === '')
              return { problem: t('pathway.action.debts.creditorsInvalid') };
            if (totalDebtCents === undefined) return { problem: t('pathway.action.amountInvalid') };
            const debtTypes = form.getAll('debtTypes').filter((v): v is string => typeof v === 'string');
            return { path: '/debts', body: { creditorCount, totalDebtCents, debtTypes } };
          }}
        >
          <TextField
            name="creditorCount"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            label={t('pathway.action.debts.creditors')}
          />
          <TextField
            name="totalDebt"
            inputMode="decimal"
            label={t('pathway.action.debts.total')}
            description={t('pathway.action.amountHint')}
          />
          <CheckboxGroup
            name="debtTypes"
            legend={t('pathway.action.debts.types')}
            options={DEBT_TYPES.map((d): [string, string] => [d, t(`debt.${d}`)])}
          />
        </ActionCard>
      );
    case 'settlement-proposal':
      return (
        <ActionCard
          title={t('pathway.action.settlement')}
          intro={t('pathway.action.settlement.intro')}
          submitLabel={t('pathway.action.settlement.submit')}
          send={send}
          build={(form): ActionRequest => {
            const vtlbCents = euroCents(formText(form, 'vtlb'));
            const termMonths = Number(formText(form, 'termMonths'));
            if (vtlbCents === undefined) return { problem: t('pathway.action.amountInvalid') };
            if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > 120)
              return { problem: t('pathway.action.settlement.termInvalid') };
            const solutionKind = formText(form, 'solutionKind');
            return {
              path: '/settlement-proposals',
              body: { solutionKind, vtlbCents, termMonths },
              confirm:
                pathway.phase === 'oplossing' ? undefined : (
                  <Paragraph>{t('pathway.action.movesTo', { phase: phaseName('oplossing') })}</Paragraph>
                ),
            };
          }}
        >
          <SelectField
            name="solutionKind"
            label={t('pathway.action.settlement.kind')}
            options={SOLUTION_KINDS.map((k): [string, string] => [k, t(`solution.${k}`)])}
          />
          <TextField
            name="vtlb"
            inputMode="decimal"
            label={t('pathway.action.settlement.vtlb')}
            description={t('pathway.action.amountHint')}
          />
          <TextField
            name="termMonths"
            type="number"
            inputMode="numeric"
            min={1}
            max={120}
            defaultValue="18"
            label={t('pathway.action.settlement.term')}
            description={t('pathway.action.settlement.termHint')}
          />
        </ActionCard>
      );
    case 'settlement-decision':
      return (
        <ActionCard
          title={t('pathway.action.settlementDecision')}
          intro={t('pathway.action.settlementDecision.intro')}
          submitLabel={t('pathway.action.submit')}
          send={send}
          build={(form): ActionRequest => {
            const decision = formText(form, 'decision') as 'grant' | 'reject' | 'withdraw';
            return {
              path: `/settlement/${decision}`,
              body: {},
              confirm: (
                <Paragraph>{t(`pathway.action.settlementDecision.confirm.${decision}` as AnyMessageKey)}</Paragraph>
              ),
            };
          }}
        >
          <RadioGroup
            name="decision"
            legend={t('pathway.action.settlementDecision.decision')}
            defaultValue="grant"
            options={[
              ['grant', t('pathway.action.settlementDecision.grant')],
              ['reject', t('pathway.action.settlementDecision.reject')],
              ['withdraw', t('pathway.action.settlementDecision.withdraw')],
            ]}
          />
        </ActionCard>
      );
    case 'phase-transition': {
      const targets = pathway.phase ? MANUAL_PHASE_TRANSITIONS[pathway.phase] : [];
      return (
        <ActionCard
          title={t('pathway.action.phase')}
          intro={t('pathway.action.phase.intro')}
          submitLabel={t('pathway.action.phase.submit')}
          send={send}
          build={(form): ActionRequest => {
            const to = formText(form, 'to');
            return {
              path: '/phase-transitions',
              body: { to },
              confirm: <Paragraph>{t('pathway.action.phase.confirm', { phase: phaseName(to) })}</Paragraph>,
            };
          }}
        >
          <SelectField
            name="to"
            label={t('pathway.action.phase.to')}
            options={targets.map((p): [string, string] => [p, phaseName(p)])}
          />
        </ActionCard>
      );
    }
    case 'referral': {
      const consents = Object.entries(pathway.consents).filter(([, c]) => c.withdrawnAt === null);
      return (
        <ActionCard
          title={t('pathway.action.refer')}
          intro={t('pathway.action.refer.intro')}
          submitLabel={t('pathway.action.refer')}
          send={send}
          build={(form): ActionRequest => {
            const consentRef = formText(form, 'consentRef');
            return {
              path: '/referrals',
              body: {
                toOrg: formText(form, 'toOrg'),
                reason: formText(form, 'reason'),
                urgent: form.get('urgent') !== null,
                warm: form.get('warm') !== null,
                ...(consentRef ? { consentRef } : {}),
              },
            };
          }}
        >
          <SelectField
            name="toOrg"
            label={t('pathway.action.refer.to')}
            options={REFERRAL_TARGETS.map((target): [string, string] => [target.urn, t(target.label)])}
          />
          <SelectField
            name="reason"
            label={t('pathway.action.refer.reason')}
            defaultValue="budget-coaching"
            options={REFERRAL_REASONS.map((r): [string, string] => [r, t(`reason.${r}`)])}
          />
          <CheckboxField name="urgent" label={t('pathway.action.refer.urgent')} />
          <CheckboxField name="warm" label={t('pathway.action.refer.warm')} defaultChecked />
          {consents.length > 0 && (
            <SelectField
              name="consentRef"
              label={t('pathway.action.refer.consent')}
              options={[
                ['', t('pathway.action.refer.noConsent')],
                ...consents.map(([id, c]): [string, string] => [id, organisationName(c.grantee)]),
              ]}
            />
          )}
        </ActionCard>
      );
    }
    case 'closure':
      return (
        <ActionCard
          title={t('pathway.action.close')}
          intro={t('pathway.action.close.intro')}
          submitLabel={t('pathway.action.close')}
          danger
          send={send}
          build={(form): ActionRequest => {
            const reason = formText(form, 'reason');
            return {
              path: '/closure',
              body: { reason },
              confirm: (
                <Paragraph>
                  {t('pathway.action.close.confirm', { reason: t(`uitstroom.${reason}` as AnyMessageKey) })}
                </Paragraph>
              ),
            };
          }}
        >
          <SelectField
            name="reason"
            label={t('pathway.action.close.reason')}
            defaultValue="Afgerond"
            options={uitstroomOptions}
          />
        </ActionCard>
      );
  }
}

/** Trajectory steps that only record a moment (MomentDto; trajectory.controller.ts). */
const MOMENTS = {
  'stabilisation-start': {
    path: '/stabilisation/start',
    label: 'pathway.action.stabilisationStart',
    intro: 'pathway.action.stabilisationStart.intro',
    confirm: 'pathway.action.stabilisationStart.confirm',
  },
  'stabilisation-reached': {
    path: '/stabilisation/reached',
    label: 'pathway.action.stabilisationReached',
    intro: 'pathway.action.stabilisationReached.intro',
    confirm: 'pathway.action.stabilisationReached.confirm',
  },
  'repayment-start': {
    path: '/repayment/start',
    label: 'pathway.action.repaymentStart',
    intro: 'pathway.action.repaymentStart.intro',
    confirm: 'pathway.action.repaymentStart.confirm',
  },
  'repayment-complete': {
    path: '/repayment/complete',
    label: 'pathway.action.repaymentComplete',
    intro: 'pathway.action.repaymentComplete.intro',
    confirm: 'pathway.action.repaymentComplete.confirm',
  },
  'aftercare-start': {
    path: '/aftercare/start',
    label: 'pathway.action.aftercareStart',
    intro: 'pathway.action.aftercareStart.intro',
    confirm: 'pathway.action.aftercareStart.confirm',
  },
  'aftercare-end': {
    path: '/aftercare/end',
    label: 'pathway.action.aftercareEnd',
    intro: 'pathway.action.aftercareEnd.intro',
    confirm: 'pathway.action.aftercareEnd.confirm',
  },
} as const satisfies Record<
  string,
  { path: string; label: AnyMessageKey; intro: AnyMessageKey; confirm: AnyMessageKey }
>;
