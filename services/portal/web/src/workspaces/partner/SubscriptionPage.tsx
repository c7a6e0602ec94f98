import {
  Alert,
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  FormField,
  FormFieldDescription,
  FormLabel,
  Heading,
  Paragraph,
  StatusBadge,
  TableCell,
  TableRow,
  Textbox,
} from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, apiSend } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { ErrorState, isNotFound, Loading, NotFound } from '../../components/States';
import { clockTime, dateTime } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';
import { serviceWords } from '../../pages/pathway/ActionCard';
import { DetailFailure, DetailHeader } from '../detail-header';
import { statusTone, useDeliveryWords } from './delivery-words';
import {
  partnerQueries,
  REFRESH_MS,
  type DeadLetter,
  type DeliveryAttempt,
  type Subscription,
  type TestDelivery,
} from './partner-api';
import { EventTypesSummary } from './parts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One subscription: its filters and status, what can be done with it, its dead letters and its live delivery log. */
export function SubscriptionPage() {
  const { subscriptionId = '' } = useParams();
  if (!UUID.test(subscriptionId)) return <NotFound />;
  return <SubscriptionView key={subscriptionId} id={subscriptionId.toLowerCase()} />;
}

/** What the last action said, for the status region (and whether it went wrong). */
interface Outcome {
  text: string;
  tone: 'ok' | 'error' | 'warning';
}

function SubscriptionView({ id }: { id: string }) {
  const { t, locale } = useT();
  const words = useDeliveryWords();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(t('partner.subscription.title'));

  const subscription = useQuery({ ...partnerQueries.one(id), refetchInterval: REFRESH_MS });
  const found = subscription.isSuccess;
  const deadLetters = useQuery({ ...partnerQueries.deadLetters(id), refetchInterval: REFRESH_MS, enabled: found });

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  if (subscription.isPending) return <Loading />;
  if (isNotFound(subscription.error)) return <NotFound />;
  if (subscription.isError)
    return (
      <DetailFailure
        title={t('partner.subscription.title')}
        titleId="subscription-title"
        error={subscription.error}
        retry={() => void subscription.refetch()}
      />
    );
  const s = subscription.data;

  /**
   * Runs an action; its result (or the service's refusal in its own words) goes to the status region.
   * One action at a time: the others are marked unavailable (aria-disabled) only while the service
   * answers, not while the page refreshes afterwards, so a next click is not swallowed.
   */
  const act = async (name: string, call: () => Promise<Outcome | undefined>) => {
    if (busy) return;
    setBusy(name);
    try {
      const result = await call();
      if (result) setOutcome(result);
      void queryClient.invalidateQueries({ queryKey: ['partner'] });
    } catch (error) {
      setOutcome({
        tone: 'error',
        text: t('partner.action.failed', { message: error instanceof ApiError ? serviceWords(error) : String(error) }),
      });
    } finally {
      setBusy(undefined);
    }
  };

  const testDelivery = () =>
    act('test', async () => {
      const result = await apiSend<TestDelivery>('POST', 'partner-gateway', `/subscriptions/${id}/test-deliveries`);
      return result.delivered
        ? {
            tone: 'ok',
            text: t('partner.test.delivered', {
              answer: words.answer(result.statusCode, result.error),
              ms: result.latencyMs,
            }),
          }
        : { tone: 'error', text: t('partner.test.failed', { answer: words.answer(result.statusCode, result.error) }) };
    });

  const setPaused = (paused: boolean) =>
    act(paused ? 'pause' : 'resume', async () => {
      await apiSend<Subscription>('POST', 'partner-gateway', `/subscriptions/${id}/${paused ? 'pause' : 'resume'}`);
      return { tone: 'ok', text: paused ? t('partner.paused.done') : t('partner.resumed.done') };
    });

  const remove = () =>
    act('delete', async () => {
      await apiSend('DELETE', 'partner-gateway', `/subscriptions/${id}`);
      queryClient.removeQueries({ queryKey: ['partner', 'subscription', id] });
      void navigate('/partner', { state: { deleted: s.callbackUrl } });
      return undefined;
    });

  const lastDead = deadLetters.data?.at(-1);

  return (
    <article aria-labelledby="subscription-title" className="kp-subscription">
      <DetailHeader
        up={{ href: '/partner', label: t('partner.title') }}
        here={`/partner/abonnementen/${id}`}
        title={t('partner.subscription.title')}
        titleId="subscription-title"
        badge={<StatusBadge status={statusTone(s.status)}>{words.status(s.status)}</StatusBadge>}
      />
      <Paragraph className="kp-code">{s.callbackUrl}</Paragraph>

      {s.status === 'failing' && (
        <Alert type="error">
          <Heading level={2} className="kp-alert-heading">
            {t('partner.failing.title')}
          </Heading>
          <Paragraph>
            {t('partner.failing.body', { date: s.failingSince ? dateTime(s.failingSince, locale) : '—' })}
          </Paragraph>
          {lastDead && (
            <Paragraph>
              {t('partner.failing.reason', { answer: words.answer(lastDead.lastStatusCode, lastDead.lastError) })}
            </Paragraph>
          )}
          <Paragraph>{t('partner.failing.help')}</Paragraph>
        </Alert>
      )}
      {s.status === 'paused' && (
        <Alert type="warning">
          <Paragraph>{t('partner.paused.body')}</Paragraph>
        </Alert>
      )}

      <DataList className="kp-datalist kp-datalist--columns kp-subscription__facts">
        <DataListItem>
          <DataListKey>{t('partner.field.eventTypes')}</DataListKey>
          <DataListValue>
            <EventTypesSummary types={s.eventTypes} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('partner.detail.classifications')}</DataListKey>
          <DataListValue>
            {s.classifications.length === 0
              ? t('partner.filter.noRestriction')
              : s.classifications.map((c) => t(`partner.class.${c as 'chain'}`)).join(', ')}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('partner.detail.municipalities')}</DataListKey>
          <DataListValue>
            {s.municipalities.length === 0 ? t('partner.filter.noRestriction') : s.municipalities.join(', ')}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('partner.field.createdAt')}</DataListKey>
          <DataListValue>{dateTime(s.createdAt, locale)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('partner.field.verifiedAt')}</DataListKey>
          <DataListValue>{dateTime(s.verifiedAt, locale)}</DataListValue>
        </DataListItem>
      </DataList>

      <section aria-labelledby="actions-title" className="kp-section">
        <Heading level={2} id="actions-title">
          {t('partner.actions.title')}
        </Heading>
        <div ref={outcomeRef} tabIndex={-1} className="kp-focus-target" role="status">
          {outcome && (
            <Alert type={outcome.tone}>
              <Paragraph>{outcome.text}</Paragraph>
            </Alert>
          )}
        </div>
        <ButtonGroup>
          <Button
            appearance="primary-action-button"
            busy={busy === 'test'}
            aria-disabled={busy !== undefined || undefined}
            onClick={() => void testDelivery()}
          >
            {t('partner.test.button')}
          </Button>
          {s.status === 'paused' ? (
            <Button
              appearance="secondary-action-button"
              busy={busy === 'resume'}
              aria-disabled={busy !== undefined || undefined}
              onClick={() => void setPaused(false)}
            >
              {t('partner.resume')}
            </Button>
          ) : (
            <Button
              appearance="secondary-action-button"
              busy={busy === 'pause'}
              aria-disabled={busy !== undefined || undefined}
              onClick={() => void setPaused(true)}
            >
              {t('partner.pause')}
            </Button>
          )}
          <Button
            appearance="secondary-action-button"
            hint="danger"
            busy={busy === 'delete'}
            aria-disabled={busy !== undefined || undefined}
            onClick={() => setConfirmDelete(true)}
          >
            {t('partner.delete')}
          </Button>
        </ButtonGroup>
        <Paragraph className="kp-muted">{t('partner.test.hint')}</Paragraph>
        <ConfirmDialog
          open={confirmDelete}
          title={t('partner.delete.title')}
          confirmLabel={t('partner.delete')}
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void remove();
          }}
        >
          <Paragraph>{t('partner.delete.body', { url: s.callbackUrl })}</Paragraph>
        </ConfirmDialog>
      </section>

      <ReplaySection id={id} act={act} busy={busy === 'replay'} />
      <DeadLetters id={id} deadLetters={deadLetters} act={act} busy={busy} />
      <DeliveryLog id={id} />
    </article>
  );
}

type Act = (name: string, call: () => Promise<Outcome | undefined>) => Promise<void>;

/** Replaying a period: every matching event since a moment is sent again (still only what the partner may see). */
function ReplaySection({ id, act, busy }: { id: string; act: Act; busy: boolean }) {
  const { t, locale } = useT();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('from');
    const from = typeof value === 'string' && value ? new Date(value) : undefined;
    if (!from || Number.isNaN(from.getTime())) {
      setProblem(t('partner.replay.fromEmpty'));
      return;
    }
    if (from.getTime() > Date.now()) {
      setProblem(t('partner.replay.fromFuture'));
      return;
    }
    setProblem(undefined);
    void act('replay', async () => {
      const { queued } = await apiSend<{ queued: number }>('POST', 'partner-gateway', `/subscriptions/${id}/replays`, {
        from: from.toISOString(),
      });
      return {
        tone: 'ok',
        text: t('partner.replay.done', { count: queued, from: dateTime(from.toISOString(), locale) }),
      };
    });
  };
  return (
    <section aria-labelledby="replay-title" className="kp-section kp-narrow">
      <Heading level={2} id="replay-title">
        {t('partner.replay.title')}
      </Heading>
      <Paragraph>{t('partner.replay.intro')}</Paragraph>
      <form className="kp-form kp-form--compact" onSubmit={submit} noValidate>
        <FormField invalid={!!problem}>
          <FormLabel htmlFor="replay-from">{t('partner.replay.from')}</FormLabel>
          <FormFieldDescription id="replay-from-hint">{t('partner.replay.fromHint')}</FormFieldDescription>
          <Textbox
            id="replay-from"
            name="from"
            type="datetime-local"
            invalid={!!problem}
            aria-invalid={!!problem || undefined}
            aria-describedby="replay-from-hint"
          />
        </FormField>
        {problem && (
          <Alert type="error" role="alert">
            <Paragraph>{problem}</Paragraph>
          </Alert>
        )}
        <Button type="submit" appearance="secondary-action-button" busy={busy}>
          {t('partner.replay.submit')}
        </Button>
      </form>
    </section>
  );
}

/** Notifications given up after the retry window: each can be sent again, or all at once. */
function DeadLetters({
  id,
  deadLetters,
  act,
  busy,
}: {
  id: string;
  deadLetters: { data?: DeadLetter[]; isError: boolean; error: unknown; refetch: () => unknown };
  act: Act;
  busy: string | undefined;
}) {
  const { t, locale } = useT();
  const words = useDeliveryWords();
  const redeliver = (eventIds?: string[]) =>
    act(eventIds ? `redeliver-${eventIds[0]}` : 'redeliver', async () => {
      const { queued } = await apiSend<{ queued: number }>(
        'POST',
        'partner-gateway',
        `/subscriptions/${id}/redeliveries`,
        eventIds ? { eventIds } : {},
      );
      return { tone: 'ok', text: t('partner.redeliver.done', { count: queued }) };
    });
  return (
    <section aria-labelledby="dead-letters-title" className="kp-section">
      <Heading level={2} id="dead-letters-title">
        {t('partner.dead.title')}
      </Heading>
      <Paragraph>{t('partner.dead.intro')}</Paragraph>
      {deadLetters.isError ? (
        <ErrorState error={deadLetters.error} retry={() => void deadLetters.refetch()} headingLevel={3} />
      ) : !deadLetters.data ? (
        <Loading />
      ) : deadLetters.data.length === 0 ? (
        <Paragraph>{t('partner.dead.empty')}</Paragraph>
      ) : (
        <>
          <DataTable
            id="dead-letters-caption"
            caption={t('partner.dead.caption', { count: deadLetters.data.length })}
            columns={[
              t('partner.log.notification'),
              t('partner.log.attempts'),
              t('partner.dead.at'),
              t('partner.log.answer'),
              t('partner.dead.action'),
            ]}
          >
            {deadLetters.data.map((d) => (
              <TableRow key={d.eventId}>
                <TableCell className="kp-code">{d.eventId}</TableCell>
                <TableCell>{d.attempts}</TableCell>
                <TableCell>{d.deadLetteredAt ? dateTime(d.deadLetteredAt, locale) : '—'}</TableCell>
                <TableCell>{words.answer(d.lastStatusCode, d.lastError)}</TableCell>
                <TableCell>
                  <Button
                    appearance="secondary-action-button"
                    busy={busy === `redeliver-${d.eventId}`}
                    onClick={() => void redeliver([d.eventId])}
                    aria-label={t('partner.redeliver.one', { id: d.eventId })}
                  >
                    {t('partner.redeliver')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </DataTable>
          <Button appearance="secondary-action-button" busy={busy === 'redeliver'} onClick={() => void redeliver()}>
            {t('partner.redeliver.all')}
          </Button>
        </>
      )}
    </section>
  );
}

/** The delivery log, newest first, read again every few seconds: per attempt the outcome, the answer and the next try. */
function DeliveryLog({ id }: { id: string }) {
  const { t, locale } = useT();
  const words = useDeliveryWords();
  const log = useQuery({ ...partnerQueries.deliveries(id), refetchInterval: REFRESH_MS });
  return (
    <section aria-labelledby="log-title" className="kp-section">
      <Heading level={2} id="log-title">
        {t('partner.log.title')}
      </Heading>
      <Paragraph>
        {t('partner.log.intro')}{' '}
        {log.dataUpdatedAt > 0 && (
          <span className="kp-muted">
            {t('partner.log.updated', { time: clockTime(new Date(log.dataUpdatedAt), locale) })}
          </span>
        )}
      </Paragraph>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorState error={log.error} retry={() => void log.refetch()} headingLevel={3} />
      ) : log.data.length === 0 ? (
        <Paragraph>{t('partner.log.empty')}</Paragraph>
      ) : (
        <DataTable
          id="log-caption"
          caption={t('partner.log.caption', { count: log.data.length })}
          columns={[
            t('partner.log.at'),
            t('partner.log.notification'),
            t('partner.log.attempt'),
            t('partner.log.outcome'),
            t('partner.log.answer'),
            t('partner.log.next'),
            t('partner.log.latency'),
          ]}
        >
          {log.data.map((a: DeliveryAttempt) => (
            <TableRow key={a.attemptId}>
              <TableCell>{dateTime(a.attemptedAt, locale)}</TableCell>
              <TableCell className="kp-code">{a.eventId}</TableCell>
              <TableCell>{a.attempt}</TableCell>
              <TableCell>
                <StatusBadge
                  status={a.outcome === 'delivered' ? 'neutral' : a.outcome === 'dead' ? 'danger' : 'warning'}
                >
                  {words.outcome(a.outcome)}
                </StatusBadge>
              </TableCell>
              <TableCell>{words.answer(a.statusCode, a.error)}</TableCell>
              <TableCell>{a.nextAttemptAt ? dateTime(a.nextAttemptAt, locale) : '—'}</TableCell>
              <TableCell>{t('partner.log.ms', { ms: a.latencyMs })}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}
