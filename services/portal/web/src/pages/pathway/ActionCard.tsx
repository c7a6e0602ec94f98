import { Alert, Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/i18n';

/** What a filled-in action form asks the service to do, or why it cannot be sent yet. */
export type ActionRequest =
  | { path: string; body: object; method?: 'POST' | 'DELETE'; confirm?: ReactNode }
  | { problem: string };

/**
 * One action on the pathway: a small form, checked in the browser, confirmed
 * in a dialog when it cannot be undone (`confirm`), then sent. The service's
 * refusal is shown in its own words, next to the form.
 */
export function ActionCard({
  title,
  intro,
  submitLabel,
  children,
  build,
  send,
  danger = false,
}: {
  title: string;
  intro?: string;
  submitLabel: string;
  children?: ReactNode;
  build: (form: FormData) => ActionRequest;
  send: (label: string, request: { path: string; body: object; method?: 'POST' | 'DELETE' }) => Promise<void>;
  danger?: boolean;
}) {
  const { t } = useT();
  const headingId = useId();
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState<Extract<ActionRequest, { path: string }>>();
  const [busy, setBusy] = useState(false);

  const run = async (request: { path: string; body: object; method?: 'POST' | 'DELETE' }) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await send(title, request);
    } catch (error) {
      setProblem(error instanceof ApiError ? serviceWords(error) : String(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const request = build(new FormData(event.currentTarget));
    if ('problem' in request) {
      setProblem(request.problem);
      return;
    }
    setProblem(undefined);
    if (request.confirm) setPending(request);
    else void run(request);
  };

  return (
    <section className="kp-action" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {title}
      </Heading>
      {intro && <Paragraph className="kp-muted">{intro}</Paragraph>}
      <form className="kp-form kp-form--compact" onSubmit={submit} noValidate>
        {children}
        {problem && (
          <Alert type="error" role="alert">
            <Paragraph>{problem}</Paragraph>
          </Alert>
        )}
        <Button type="submit" appearance="secondary-action-button" hint={danger ? 'danger' : undefined} busy={busy}>
          {submitLabel}
        </Button>
      </form>
      <ConfirmDialog
        open={pending !== undefined}
        title={title}
        danger={danger}
        onCancel={() => setPending(undefined)}
        onConfirm={() => {
          const request = pending;
          setPending(undefined);
          if (request) void run(request);
        }}
      >
        {pending?.confirm}
        <Paragraph>{t('pathway.action.confirmQuestion')}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}

/** The service's own words for a refusal: its message, and per field what was wrong. */
export function serviceWords(error: ApiError): string {
  const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages.join('; ')}`);
  return fields.length > 0 ? fields.join(' — ') : error.message;
}
