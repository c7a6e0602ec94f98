import { Alert, Heading, Paragraph, StatusBadge } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiSend } from '../../api/client';
import { SelectField, TextField } from '../../components/fields';
import { useOrganisationName } from '../../components/OrganisationName';
import { formText } from '../../domain/form';
import { dateTime, longDate, today } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { ActionCard, type ActionRequest } from '../../pages/pathway/ActionCard';
import {
  ANSWER_THRESHOLD,
  CONTACT_KINDS,
  DECLINE_REASONS,
  SUPPORT_KINDS,
  SUPPORT_OUTCOMES,
  THREATS,
  urgentDeadline,
  waitedWorkingDays,
  waitingState,
  type CaseloadPathway,
  type Referral,
} from './social-work.domain';

type Send = (label: string, request: { path: string; body: object; method?: 'POST' | 'DELETE' }) => Promise<void>;

/**
 * The actions block of a referral or caseload pathway: its heading, the last
 * action done (announced, and focused, since the form that was used may be
 * gone once the state moved on), and the actions.
 */
function ActionsBlock({ done, children }: { done: string | undefined; children: ReactNode }) {
  const { t } = useT();
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  return (
    <section aria-labelledby="sw-actions-title" className="kp-section kp-actions">
      <Heading level={2} id="sw-actions-title">
        {t('socialWork.actions')}
      </Heading>
      <div aria-live="polite">
        {done && (
          <div ref={doneRef} tabIndex={-1} className="kp-focus-target">
            <Alert type="ok">
              <Paragraph>{done}</Paragraph>
            </Alert>
          </div>
        )}
      </div>
      {children}
    </section>
  );
}

/** Sends an action to the social-work service, says it was done, and refetches what it changed. */
function useSend(): [string | undefined, Send] {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string>();
  const send: Send = async (label, { path, body, method = 'POST' }) => {
    setDone(undefined);
    await apiSend(method, 'social-work', path, body);
    setDone(t('socialWork.action.done', { action: label }));
    // The refresh runs in the background: the action card is not held busy by it.
    void queryClient.invalidateQueries({ queryKey: ['caseload'] });
    void queryClient.invalidateQueries({ queryKey: ['pathway'] });
  };
  return [done, send];
}

/** A `datetime-local` value as an instant, or a problem when it lies in the future. */
function instantOf(value: string, future: string): { at?: string; problem?: string } {
  if (!value) return {};
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now() + 60_000) return { problem: future };
  return { at: at.toISOString() };
}

/** What the social worker can do with one referral of the inbox: answer it, then record the first contact. */
export function ReferralActions({ referral }: { referral: Referral }) {
  const { t, locale } = useT();
  const organisationName = useOrganisationName();
  const [done, send] = useSend();
  const municipality = (text: string) => (
    <Paragraph>
      <strong>{t('socialWork.action.municipalitySees')}</strong> {text}
    </Paragraph>
  );
  return (
    <ActionsBlock done={done}>
      {referral.status === 'open' ? (
        <div className="kp-action-list">
          <ActionCard
            title={t('socialWork.action.accept')}
            intro={t('socialWork.action.accept.intro')}
            submitLabel={t('socialWork.action.accept.submit')}
            send={send}
            build={(): ActionRequest => ({
              path: `/referrals/${referral.referralId}/acceptance`,
              body: {},
              confirm: municipality(
                t('socialWork.action.accept.confirm', { organisation: organisationName(referral.toOrg) }),
              ),
            })}
          />
          <ActionCard
            title={t('socialWork.action.decline')}
            intro={t('socialWork.action.decline.intro')}
            submitLabel={t('socialWork.action.decline.submit')}
            danger
            send={send}
            build={(form): ActionRequest => {
              const reason = formText(form, 'reason');
              if (!reason) return { problem: t('socialWork.action.chooseReason') };
              return {
                path: `/referrals/${referral.referralId}/decline`,
                body: { reason },
                confirm: municipality(
                  t('socialWork.action.decline.confirm', { reason: t(`decline.${reason}` as AnyMessageKey) }),
                ),
              };
            }}
          >
            <SelectField
              name="reason"
              label={t('socialWork.action.decline.reason')}
              options={[
                ['', '—'],
                ...DECLINE_REASONS.map((r): [string, string] => [r, t(`decline.${r}` as AnyMessageKey)]),
              ]}
            />
          </ActionCard>
        </div>
      ) : referral.status === 'accepted' && !referral.firstContactAt ? (
        <div className="kp-action-list">
          <FirstContactCard
            pathwayId={referral.pathwayId}
            referralId={referral.referralId}
            send={send}
            locale={locale}
          />
        </div>
      ) : (
        <Paragraph>{t('socialWork.actions.none')}</Paragraph>
      )}
    </ActionsBlock>
  );
}

function FirstContactCard({
  pathwayId,
  referralId,
  send,
  locale,
}: {
  pathwayId: string;
  referralId: string;
  send: Send;
  locale: string;
}) {
  const { t } = useT();
  return (
    <ActionCard
      title={t('socialWork.action.firstContact')}
      intro={t('socialWork.action.firstContact.intro')}
      submitLabel={t('socialWork.action.firstContact')}
      send={send}
      build={(form): ActionRequest => {
        const kind = formText(form, 'kind');
        const { at, problem } = instantOf(formText(form, 'at'), t('socialWork.action.notInFuture'));
        if (problem) return { problem };
        return {
          path: `/pathways/${pathwayId}/first-contact`,
          body: { kind, referralId, ...(at ? { at } : {}) },
          confirm: (
            <Paragraph>
              {t('socialWork.action.firstContact.confirm', {
                kind: t(`socialWork.contact.${kind}` as AnyMessageKey),
                when: at ? dateTime(at, locale) : t('socialWork.action.now'),
              })}
            </Paragraph>
          ),
        };
      }}
    >
      <SelectField
        name="kind"
        label={t('socialWork.action.firstContact.kind')}
        defaultValue="Telefoon"
        options={CONTACT_KINDS.map((k): [string, string] => [k, t(`socialWork.contact.${k}` as AnyMessageKey)])}
      />
      <TextField
        name="at"
        type="datetime-local"
        label={t('socialWork.action.firstContact.at')}
        description={t('socialWork.action.firstContact.atHint')}
      />
    </ActionCard>
  );
}

/** What the social worker records on a pathway of the caseload: first contact, support, urgent situations. */
export function PathwayActions({ pathway }: { pathway: CaseloadPathway }) {
  const { t, locale } = useT();
  const [done, send] = useSend();
  const waitingForContact = pathway.referrals.find((r) => r.status === 'accepted' && !r.firstContactAt);
  const notRunning = SUPPORT_KINDS.filter((k) => !pathway.activeSupport.includes(k));
  const base = `/pathways/${pathway.pathwayId}`;
  return (
    <ActionsBlock done={done}>
      <div className="kp-action-list">
        {waitingForContact && (
          <FirstContactCard
            pathwayId={pathway.pathwayId}
            referralId={waitingForContact.referralId}
            send={send}
            locale={locale}
          />
        )}
        <ActionCard
          title={t('socialWork.action.urgent')}
          intro={t('socialWork.action.urgent.intro')}
          submitLabel={t('socialWork.action.urgent.submit')}
          danger
          send={send}
          build={(form): ActionRequest => {
            const threat = formText(form, 'threat');
            const dueBy = formText(form, 'dueBy');
            if (!dueBy) return { problem: t('socialWork.action.urgent.dueByMissing') };
            if (dueBy < today()) return { problem: t('socialWork.action.urgent.dueByPast') };
            return {
              path: `${base}/urgent-situations`,
              body: { threat, dueBy },
              confirm: (
                <Paragraph>
                  <strong>{t('socialWork.action.municipalitySees')}</strong>{' '}
                  {t('socialWork.action.urgent.confirm', {
                    threat: t(`crisis.${threat}` as AnyMessageKey),
                    dueBy: longDate(dueBy, locale),
                    deadline: longDate(urgentDeadline(), locale),
                  })}
                </Paragraph>
              ),
            };
          }}
        >
          <SelectField
            name="threat"
            label={t('socialWork.action.urgent.threat')}
            options={THREATS.map((k): [string, string] => [k, t(`crisis.${k}` as AnyMessageKey)])}
          />
          <TextField
            name="dueBy"
            type="date"
            min={today()}
            label={t('socialWork.action.urgent.dueBy')}
            description={t('socialWork.action.urgent.dueByHint')}
          />
        </ActionCard>
        {notRunning.length > 0 ? (
          <ActionCard
            title={t('socialWork.action.startSupport')}
            submitLabel={t('socialWork.action.startSupport')}
            send={send}
            build={(form): ActionRequest => {
              const kind = formText(form, 'kind');
              return {
                path: `${base}/support`,
                body: { kind },
                confirm: (
                  <Paragraph>
                    {t('socialWork.action.startSupport.confirm', { kind: t(`support.${kind}` as AnyMessageKey) })}
                  </Paragraph>
                ),
              };
            }}
          >
            <SelectField
              name="kind"
              label={t('socialWork.action.startSupport.kind')}
              options={notRunning.map((k): [string, string] => [k, t(`support.${k}` as AnyMessageKey)])}
            />
          </ActionCard>
        ) : (
          <Paragraph>{t('socialWork.action.startSupport.allRunning')}</Paragraph>
        )}
        {pathway.activeSupport.map((kind) => {
          const kindName = t(`support.${kind}` as AnyMessageKey);
          return (
            <ActionCard
              key={kind}
              title={t('socialWork.action.endSupport', { kind: kindName })}
              submitLabel={t('socialWork.action.endSupport.submit')}
              send={send}
              build={(form): ActionRequest => {
                const outcome = formText(form, 'outcome');
                return {
                  path: `${base}/support/${kind}/end`,
                  body: { outcome },
                  confirm: (
                    <Paragraph>
                      {t('socialWork.action.endSupport.confirm', {
                        kind: kindName,
                        outcome: t(`socialWork.outcome.${outcome}` as AnyMessageKey),
                      })}
                    </Paragraph>
                  ),
                };
              }}
            >
              <SelectField
                name="outcome"
                label={t('socialWork.action.endSupport.outcome')}
                options={SUPPORT_OUTCOMES.map((o): [string, string] => [o, t(`socialWork.outcome.${o}`)])}
              />
            </ActionCard>
          );
        })}
      </div>
    </ActionsBlock>
  );
}

/**
 * How long a referral waited in working days, against the answer threshold:
 * in words, with a status badge as it nears or passes it — never colour alone.
 */
export function WaitingBadge({ referral }: { referral: Referral }) {
  const { t } = useT();
  const days = waitedWorkingDays(referral);
  if (referral.status !== 'open') return <span>{t('socialWork.waiting.answered', { days })}</span>;
  const state = waitingState(days);
  const counted =
    days === 1
      ? t('socialWork.waiting.oneDay', { threshold: ANSWER_THRESHOLD })
      : t('socialWork.waiting.days', { days, threshold: ANSWER_THRESHOLD });
  const left = ANSWER_THRESHOLD - days;
  const remark =
    state === 'late'
      ? t('socialWork.waiting.late')
      : state === 'due'
        ? t('socialWork.waiting.due')
        : left === 1
          ? t('socialWork.waiting.leftOne')
          : t('socialWork.waiting.left', { days: left });
  const status = state === 'late' ? 'danger' : state === 'ok' ? undefined : 'warning';
  return (
    <span className="kp-deadline">
      <span>{counted}</span>
      {status ? <StatusBadge status={status}>{remark}</StatusBadge> : <span>{remark}</span>}
    </span>
  );
}
