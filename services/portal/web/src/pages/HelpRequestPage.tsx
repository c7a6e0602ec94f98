import {
  Alert,
  Button,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  Textbox,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiSend } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { isValidBsn } from '../domain/bsn';
import { formText } from '../domain/form';
import { longDate } from '../domain/format';
import { useT, type AnyMessageKey } from '../i18n/i18n';

const CHANNELS = ['balie', 'telefoon', 'digitaal', 'verwijzing', 'vroegsignaal'] as const;
const CRISIS_TYPES = ['eviction', 'energy', 'water', 'heat', 'health-insurance', 'other'] as const;

interface Opened {
  pathwayId: string;
  phase: string;
  firstConversationDue: string;
  crisis: { type: string } | null;
}

type Errors = Record<string, string[]>;

/** Registering a help request: the Wgs deadline is shown the moment the municipality has computed it. */
export function HelpRequestPage() {
  const { t, locale } = useT();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<{ existingPathwayId?: string }>();
  const [failure, setFailure] = useState<unknown>();
  const [opened, setOpened] = useState<Opened>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const labels: Record<string, string> = {
    bsn: t('helpRequest.bsn'),
    channel: t('helpRequest.channel'),
    crisis: t('helpRequest.crisis'),
    requestedAt: t('helpRequest.requestedAt'),
    name: t('helpRequest.name'),
    phone: t('helpRequest.phone'),
    email: t('helpRequest.email'),
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string): string => formText(form, name);
    setConflict(undefined);
    setFailure(undefined);
    const bsn = value('bsn').replace(/\s/g, '');
    if (!isValidBsn(bsn)) {
      setErrors({ bsn: [t('helpRequest.bsnInvalid')] });
      return;
    }
    const crisis = value('crisis');
    const contact: Record<string, string> = {};
    for (const key of ['name', 'phone', 'email']) if (value(key)) contact[key] = value(key);
    const requestedAt = value('requestedAt');
    setBusy(true);
    try {
      const result = await apiSend<Opened>('POST', 'municipality', '/pathways', {
        bsn,
        channel: value('channel'),
        ...(crisis ? { crisis: { type: crisis } } : {}),
        ...(Object.keys(contact).length > 0 ? { contact } : {}),
        ...(requestedAt ? { requestedAt: new Date(`${requestedAt}T09:00:00`).toISOString() } : {}),
      });
      setErrors({});
      setOpened(result);
      void queryClient.invalidateQueries({ queryKey: ['caseload'] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.fieldErrors).length > 0)
        setErrors(error.fieldErrors);
      else if (error instanceof ApiError && error.status === 409) {
        setErrors({});
        setConflict({
          existingPathwayId: (error.body as { existingPathwayId?: string } | undefined)?.existingPathwayId,
        });
      } else {
        setErrors({});
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };

  if (opened)
    return (
      <section aria-labelledby="help-request-done">
        <Heading level={1} id="help-request-done">
          {t('helpRequest.doneTitle')}
        </Heading>
        <Alert type="ok" role="status">
          <Paragraph className="kp-deadline-announcement">
            {t('helpRequest.doneDeadline', {
              date: longDate(opened.firstConversationDue, locale),
              term: opened.crisis ? t('helpRequest.termCrisis') : t('helpRequest.termRegular'),
            })}
          </Paragraph>
        </Alert>
        <Paragraph>
          <Link className="utrecht-link" to={`/trajecten/${opened.pathwayId}`}>
            {t('helpRequest.openPathway')}
          </Link>
        </Paragraph>
        <Button
          appearance="secondary-action-button"
          onClick={() => {
            setOpened(undefined);
            setFormKey((k) => k + 1);
          }}
        >
          {t('helpRequest.another')}
        </Button>
      </section>
    );

  const field = (name: string, label: string, input: ReactNode, hint?: string) => (
    <FormField invalid={!!errors[name]?.length}>
      <FormLabel htmlFor={`field-${name}`}>{label}</FormLabel>
      {hint && <FormFieldDescription id={`field-${name}-hint`}>{hint}</FormFieldDescription>}
      {errors[name]?.length ? (
        <FormFieldErrorMessage id={`field-${name}-error`}>{errors[name].join('; ')}</FormFieldErrorMessage>
      ) : null}
      {input}
    </FormField>
  );
  const describedBy = (name: string, hint: boolean) =>
    [hint ? `field-${name}-hint` : '', errors[name]?.length ? `field-${name}-error` : ''].filter(Boolean).join(' ') ||
    undefined;

  return (
    <section aria-labelledby="help-request-title" className="kp-narrow">
      <Heading level={1} id="help-request-title">
        {t('helpRequest.title')}
      </Heading>
      <Paragraph>{t('helpRequest.intro')}</Paragraph>
      <ErrorSummary errors={errors} labels={labels} />
      {conflict && (
        <Alert type="warning" role="alert">
          <Paragraph>{t('helpRequest.conflict')}</Paragraph>
          {conflict.existingPathwayId && (
            <Link className="utrecht-link" to={`/trajecten/${conflict.existingPathwayId}`}>
              {t('helpRequest.openExisting')}
            </Link>
          )}
        </Alert>
      )}
      {failure !== undefined && (
        <Alert type="error" role="alert">
          <Paragraph>{(failure as Error).message}</Paragraph>
        </Alert>
      )}
      <form key={formKey} className="kp-form" onSubmit={(e) => void submit(e)} noValidate>
        {field(
          'bsn',
          labels.bsn!,
          <Textbox
            id="field-bsn"
            name="bsn"
            inputMode="numeric"
            autoComplete="off"
            required
            invalid={!!errors.bsn?.length}
            aria-describedby={describedBy('bsn', true)}
          />,
          t('helpRequest.bsnHint'),
        )}
        {field(
          'channel',
          labels.channel!,
          <select
            id="field-channel"
            name="channel"
            className="utrecht-select utrecht-select--html-select"
            defaultValue="balie"
            aria-describedby={describedBy('channel', false)}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}` as AnyMessageKey)}
              </option>
            ))}
          </select>,
        )}
        <Fieldset invalid={!!errors.crisis?.length || !!errors.type?.length}>
          <FieldsetLegend>{labels.crisis}</FieldsetLegend>
          {['', ...CRISIS_TYPES].map((c) => (
            <div className="kp-radio" key={c || 'none'}>
              <input
                type="radio"
                className="utrecht-radio-button utrecht-radio-button--html-input"
                id={c ? `crisis-${c}` : 'field-crisis'}
                name="crisis"
                value={c}
                defaultChecked={c === ''}
              />
              <label
                htmlFor={c ? `crisis-${c}` : 'field-crisis'}
                className="utrecht-form-label utrecht-form-label--radio"
              >
                {c ? t(`crisis.${c}` as AnyMessageKey) : t('helpRequest.crisisNone')}
              </label>
            </div>
          ))}
        </Fieldset>
        {field(
          'requestedAt',
          labels.requestedAt!,
          <Textbox
            id="field-requestedAt"
            name="requestedAt"
            type="date"
            invalid={!!errors.requestedAt?.length}
            aria-describedby={describedBy('requestedAt', true)}
          />,
          t('helpRequest.requestedAtHint'),
        )}
        <Fieldset>
          <FieldsetLegend>{t('helpRequest.contact')}</FieldsetLegend>
          {field(
            'name',
            labels.name!,
            <Textbox id="field-name" name="name" autoComplete="name" aria-describedby={describedBy('name', false)} />,
          )}
          {field(
            'phone',
            labels.phone!,
            <Textbox
              id="field-phone"
              name="phone"
              type="tel"
              autoComplete="tel"
              aria-describedby={describedBy('phone', false)}
            />,
          )}
          {field(
            'email',
            labels.email!,
            <Textbox
              id="field-email"
              name="email"
              type="email"
              autoComplete="email"
              aria-describedby={describedBy('email', false)}
            />,
          )}
        </Fieldset>
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('helpRequest.submit')}
        </Button>
      </form>
    </section>
  );
}
