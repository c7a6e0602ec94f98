import {
  AlertDialog,
  Button,
  ButtonGroup,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Alert,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { formText } from '../domain/form';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, apiSend, type SessionUser } from '../api/client';
import {
  MANUAL_PHASE_TRANSITIONS,
  REFERRAL_REASONS,
  REFERRAL_TARGETS,
  UITSTROOM_REASONS,
  type MunicipalityPathway,
} from '../domain/pathway';
import { useT, type AnyMessageKey } from '../i18n/i18n';

type Send = (label: string, path: string, body: object, method?: 'POST' | 'DELETE') => Promise<void>;

/** The actions the pathway's current phase allows, each as the service names it; the service decides. */
export function PathwayActions({ pathway, user }: { pathway: MunicipalityPathway; user: SessionUser }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const counsellor = user.roles.includes('counsellor');
  const admin = user.roles.includes('admin');
  const open = pathway.status === 'open';

  const send: Send = async (label, path, body, method = 'POST') => {
    try {
      await apiSend(
        method,
        'municipality',
        `/pathways/${pathway.pathwayId}${path}`,
        method === 'DELETE' ? undefined : body,
      );
      setOutcome({ ok: true, text: t('pathway.action.done', { action: label }) });
      await queryClient.invalidateQueries({ queryKey: ['pathway', pathway.pathwayId] });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof ApiError ? error.message : String(error) });
    }
  };

  const actions: ReactNode[] = [];
  if (counsellor && open && pathway.phase === 'aanmelding' && !pathway.firstConversationHeldAt)
    actions.push(
      <SimpleAction
        key="fc"
        label={t('pathway.action.firstConversation')}
        onRun={() => send(t('pathway.action.firstConversation'), '/first-conversation', {})}
      />,
    );
  if (counsellor && open && pathway.phase === 'intake') actions.push(<IntakeAction key="intake" send={send} />);
  if (counsellor && open && pathway.phase === 'plan-van-aanpak' && !pathway.trajectory.planOfAction)
    actions.push(
      <SimpleAction
        key="plan"
        label={t('pathway.action.planOfAction')}
        onRun={() => send(t('pathway.action.planOfAction'), '/plan-of-action', { supportTypes: ['budget-coaching'] })}
      />,
    );
  for (const to of counsellor && open && pathway.phase ? (MANUAL_PHASE_TRANSITIONS[pathway.phase] ?? []) : []) {
    const label = t('pathway.action.phase', { phase: t(`phase.${to}` as AnyMessageKey) });
    actions.push(
      <SimpleAction key={`phase-${to}`} label={label} onRun={() => send(label, '/phase-transitions', { to })} />,
    );
  }
  if (counsellor && open) actions.push(<ReferralAction key="refer" send={send} />);
  if (counsellor && open) actions.push(<ClosureAction key="close" send={send} />);
  if (admin && pathway.resident && !counsellor) actions.push(<ErasureAction key="erase" send={send} />);

  return (
    <section aria-labelledby="actions-title" className="kp-actions">
      <Heading level={2} id="actions-title">
        {t('pathway.actions')}
      </Heading>
      <div aria-live="polite">
        {outcome && (
          <Alert type={outcome.ok ? 'ok' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
            <Paragraph>{outcome.text}</Paragraph>
          </Alert>
        )}
      </div>
      {actions.length === 0 ? (
        <Paragraph>{t('pathway.actions.none')}</Paragraph>
      ) : (
        <div className="kp-action-list">{actions}</div>
      )}
    </section>
  );
}

function SimpleAction({ label, onRun }: { label: string; onRun: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      appearance="secondary-action-button"
      busy={busy}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void onRun().finally(() => setBusy(false));
      }}
    >
      {label}
    </Button>
  );
}

function IntakeAction({ send }: { send: Send }) {
  const { t } = useT();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const decision = formText(new FormData(event.currentTarget), 'decision');
    void send(t('pathway.action.intake'), '/intake-decision', { decision });
  };
  return (
    <form onSubmit={submit} className="kp-inline-form">
      <FormField>
        <FormLabel htmlFor="intake-decision">{t('pathway.action.intake')}</FormLabel>
        <select id="intake-decision" name="decision" className="utrecht-select utrecht-select--html-select">
          <option value="toelating">{t('pathway.action.intake.toelating')}</option>
          <option value="afwijzing">{t('pathway.action.intake.afwijzing')}</option>
        </select>
      </FormField>
      <Button type="submit" appearance="secondary-action-button">
        {t('pathway.action.submit')}
      </Button>
    </form>
  );
}

function ReferralAction({ send }: { send: Send }) {
  const { t } = useT();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void send(t('pathway.action.refer'), '/referrals', {
      toOrg: formText(form, 'toOrg'),
      reason: formText(form, 'reason'),
      urgent: form.get('urgent') === 'on',
      warm: form.get('warm') === 'on',
    });
  };
  return (
    <form onSubmit={submit} className="kp-inline-form" aria-labelledby="refer-title">
      <Heading level={3} id="refer-title">
        {t('pathway.action.refer')}
      </Heading>
      <FormField>
        <FormLabel htmlFor="refer-to">{t('pathway.action.refer.to')}</FormLabel>
        <select id="refer-to" name="toOrg" className="utrecht-select utrecht-select--html-select">
          {REFERRAL_TARGETS.map((target) => (
            <option key={target.urn} value={target.urn}>
              {t(target.label)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField>
        <FormLabel htmlFor="refer-reason">{t('pathway.action.refer.reason')}</FormLabel>
        <select
          id="refer-reason"
          name="reason"
          className="utrecht-select utrecht-select--html-select"
          defaultValue="budget-coaching"
        >
          {REFERRAL_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t(`reason.${reason}` as AnyMessageKey)}
            </option>
          ))}
        </select>
      </FormField>
      <div className="kp-checkbox">
        <input
          type="checkbox"
          id="refer-urgent"
          name="urgent"
          className="utrecht-checkbox utrecht-checkbox--html-input"
        />
        <label htmlFor="refer-urgent" className="utrecht-form-label utrecht-form-label--checkbox">
          {t('pathway.action.refer.urgent')}
        </label>
      </div>
      <div className="kp-checkbox">
        <input
          type="checkbox"
          id="refer-warm"
          name="warm"
          className="utrecht-checkbox utrecht-checkbox--html-input"
          defaultChecked
        />
        <label htmlFor="refer-warm" className="utrecht-form-label utrecht-form-label--checkbox">
          {t('pathway.action.refer.warm')}
        </label>
      </div>
      <Button type="submit" appearance="secondary-action-button">
        {t('pathway.action.refer')}
      </Button>
    </form>
  );
}

/** A confirmation dialog (native <dialog>, modal: focus is trapped and Escape closes it). */
function Confirm({
  open,
  text,
  onConfirm,
  onCancel,
  danger,
}: {
  open: boolean;
  text: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <AlertDialog ref={ref} onClose={onCancel} aria-labelledby="confirm-text" className="kp-dialog">
      <Paragraph id="confirm-text">{text}</Paragraph>
      <ButtonGroup>
        <Button appearance="primary-action-button" hint={danger ? 'danger' : undefined} onClick={onConfirm}>
          {t('common.confirm')}
        </Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </ButtonGroup>
    </AlertDialog>
  );
}

function ClosureAction({ send }: { send: Send }) {
  const { t } = useT();
  const [reason, setReason] = useState<string>('Afgerond');
  const [confirming, setConfirming] = useState(false);
  return (
    <form
      className="kp-inline-form"
      aria-labelledby="close-title"
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <Heading level={3} id="close-title">
        {t('pathway.action.close')}
      </Heading>
      <FormField>
        <FormLabel htmlFor="close-reason">{t('pathway.action.close.reason')}</FormLabel>
        <select
          id="close-reason"
          className="utrecht-select utrecht-select--html-select"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        >
          {UITSTROOM_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </FormField>
      <Button type="submit" appearance="secondary-action-button">
        {t('pathway.action.close')}
      </Button>
      <Confirm
        open={confirming}
        danger
        text={t('pathway.action.close.confirm', { reason })}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void send(t('pathway.action.close'), '/closure', { reason });
        }}
      />
    </form>
  );
}

/**
 * The privacy officer (`admin`) has no access to the counsellor's file of the
 * pathway, only to erasure: the one action shown to that role.
 */
export function AdminActions({ pathwayId }: { pathwayId: string }) {
  const { t } = useT();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const send: Send = async (label, path) => {
    try {
      await apiSend('DELETE', 'municipality', `/pathways/${pathwayId}${path}`);
      setOutcome({ ok: true, text: t('pathway.action.done', { action: label }) });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof ApiError ? error.message : String(error) });
    }
  };
  return (
    <section aria-labelledby="actions-title" className="kp-actions">
      <Heading level={2} id="actions-title">
        {t('pathway.actions')}
      </Heading>
      <div aria-live="polite">
        {outcome && (
          <Alert type={outcome.ok ? 'ok' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
            <Paragraph>{outcome.text}</Paragraph>
          </Alert>
        )}
      </div>
      <ErasureAction send={send} />
    </section>
  );
}

function ErasureAction({ send }: { send: Send }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  return (
    <div>
      <Button appearance="secondary-action-button" hint="danger" onClick={() => setConfirming(true)}>
        {t('pathway.action.erase')}
      </Button>
      <Confirm
        open={confirming}
        danger
        text={t('pathway.action.erase.confirm')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void send(t('pathway.action.erase'), '/personal-data', {}, 'DELETE');
        }}
      />
    </div>
  );
}
