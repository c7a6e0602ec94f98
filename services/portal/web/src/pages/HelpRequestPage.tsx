import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
  Select,
  SelectOption,
  Textbox,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiSend } from '../api/client';
import { ErrorSummary, fieldId } from '../components/ErrorSummary';
import { ErrorState } from '../components/States';
import { isValidBsn } from '../domain/bsn';
import { formText } from '../domain/form';
import { longDate, pathwayReference, today } from '../domain/format';
import {
  ADDRESS_FIELDS,
  byFormField,
  CHANNELS,
  CONTACT_FIELDS,
  CRISIS_TYPES,
  helpRequestBody,
} from '../domain/help-request';
import { useDocumentTitle } from '../layout/document-title';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** The municipality's answer (OpenedPathwayResponse). */
interface Opened {
  pathwayId: string;
  phase: string | null;
  firstConversationDue: string | null;
  crisis: { type: string } | null;
}

type Errors = Record<string, string[]>;

/** Registering a help request: the Wgs deadline is shown the moment the municipality has computed it. */
export function HelpRequestPage() {
  const { t, has } = useT();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<{ existingPathwayId?: string; message: string }>();
  const [failure, setFailure] = useState<unknown>();
  const [opened, setOpened] = useState<Opened>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const conflictRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(opened ? t('helpRequest.doneTitle') : t('helpRequest.title'));

  useEffect(() => {
    if (conflict || failure !== undefined) conflictRef.current?.focus();
  }, [conflict, failure]);

  const labels: Record<string, string> = {
    bsn: t('bsn.label'),
    channel: t('helpRequest.channel'),
    crisis: t('helpRequest.crisis'),
    requestedAt: t('helpRequest.requestedAt'),
    ...Object.fromEntries(CONTACT_FIELDS.map((f) => [`contact.${f}`, t(`helpRequest.contact.${f}`)])),
    ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [`contact.address.${f}`, t(`helpRequest.address.${f}`)])),
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setConflict(undefined);
    setFailure(undefined);
    const now = today();
    const body = helpRequestBody((name) => formText(form, name), now);
    const checked: Errors = {};
    if (!isValidBsn(body.bsn)) checked.bsn = [t('bsn.invalid')];
    if (formText(form, 'requestedAt') > now) checked.requestedAt = [t('helpRequest.requestedAtFuture')];
    if (Object.keys(checked).length > 0) {
      setErrors(checked);
      return;
    }
    setBusy(true);
    try {
      const result = await apiSend<Opened>('POST', 'municipality', '/pathways', body);
      setErrors({});
      setOpened(result);
      void queryClient.invalidateQueries({ queryKey: ['caseload'] });
    } catch (error) {
      setErrors({});
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.fieldErrors).length > 0)
        setErrors(
          byFormField(error.fieldErrors, (field) =>
            has(`helpRequest.error.${field}`) ? t(`helpRequest.error.${field}` as AnyMessageKey) : undefined,
          ),
        );
      else if (error instanceof ApiError && error.status === 409)
        setConflict({
          existingPathwayId: (error.body as { existingPathwayId?: unknown } | undefined)?.existingPathwayId as
            | string
            | undefined,
          message: error.message,
        });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (opened)
    return (
      <Registered
        opened={opened}
        another={() => {
          setOpened(undefined);
          setFormKey((k) => k + 1);
        }}
      />
    );

  const invalid = (name: string) => !!errors[name]?.length;
  const describedBy = (name: string, hint: boolean) =>
    [hint ? `${fieldId(name)}-hint` : '', invalid(name) ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  const field = (name: string, input: ReactNode, hint?: string) => (
    <FormField invalid={invalid(name)}>
      <FormLabel htmlFor={fieldId(name)}>{labels[name]}</FormLabel>
      {hint && <FormFieldDescription id={`${fieldId(name)}-hint`}>{hint}</FormFieldDescription>}
      {invalid(name) && (
        <FormFieldErrorMessage id={`${fieldId(name)}-error`}>{errors[name]!.join('; ')}</FormFieldErrorMessage>
      )}
      {input}
    </FormField>
  );
  const text = (
    name: string,
    props: { type?: string; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email' } = {},
    hint?: string,
  ) =>
    field(
      name,
      <Textbox
        id={fieldId(name)}
        name={name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode}
        invalid={invalid(name)}
        aria-invalid={invalid(name) || undefined}
        aria-describedby={describedBy(name, !!hint)}
      />,
      hint,
    );

  return (
    <section aria-labelledby="help-request-title" className="kp-narrow">
      <Heading level={1} id="help-request-title">
        {t('helpRequest.title')}
      </Heading>
      <Paragraph>{t('helpRequest.intro')}</Paragraph>
      <ErrorSummary errors={errors} labels={labels} />
      <div ref={conflictRef} tabIndex={-1} className="kp-focus-target">
        {conflict && (
          <Alert type="warning" role="alert">
            <Heading level={2}>{t('helpRequest.conflictTitle')}</Heading>
            <Paragraph>{t('helpRequest.conflict')}</Paragraph>
            {conflict.existingPathwayId && (
              <Paragraph>
                <Link className="utrecht-link utrecht-link--html-a" to={`/trajecten/${conflict.existingPathwayId}`}>
                  {t('helpRequest.openExisting', { reference: pathwayReference(conflict.existingPathwayId) })}
                </Link>
              </Paragraph>
            )}
          </Alert>
        )}
        {failure !== undefined && <ErrorState error={failure} />}
      </div>
      <form key={formKey} className="kp-form" onSubmit={(e) => void submit(e)} noValidate>
        {field(
          'bsn',
          <Textbox
            id={fieldId('bsn')}
            name="bsn"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            required
            invalid={invalid('bsn')}
            aria-invalid={invalid('bsn') || undefined}
            aria-describedby={describedBy('bsn', true)}
          />,
          t('helpRequest.bsnHint'),
        )}
        {field(
          'channel',
          <Select
            id={fieldId('channel')}
            name="channel"
            defaultValue="balie"
            invalid={invalid('channel')}
            aria-describedby={describedBy('channel', false)}
          >
            {CHANNELS.map((c) => (
              <SelectOption key={c} value={c}>
                {t(`channel.${c}`)}
              </SelectOption>
            ))}
          </Select>,
        )}
        <Fieldset invalid={invalid('crisis')} aria-describedby={describedBy('crisis', true)}>
          <FieldsetLegend>{labels.crisis}</FieldsetLegend>
          <FormFieldDescription id={`${fieldId('crisis')}-hint`}>{t('helpRequest.crisisHint')}</FormFieldDescription>
          {invalid('crisis') && (
            <FormFieldErrorMessage id={`${fieldId('crisis')}-error`}>{errors.crisis!.join('; ')}</FormFieldErrorMessage>
          )}
          {['', ...CRISIS_TYPES].map((c) => {
            const id = c ? `${fieldId('crisis')}-${c}` : fieldId('crisis');
            return (
              <div className="kp-radio" key={c || 'none'}>
                <RadioButton id={id} name="crisis" value={c} defaultChecked={c === ''} invalid={invalid('crisis')} />
                <FormLabel htmlFor={id} type="radio">
                  {c ? t(`crisis.${c}` as AnyMessageKey) : t('helpRequest.crisisNone')}
                </FormLabel>
              </div>
            );
          })}
        </Fieldset>
        {field(
          'requestedAt',
          <Textbox
            id={fieldId('requestedAt')}
            name="requestedAt"
            type="date"
            max={today()}
            invalid={invalid('requestedAt')}
            aria-invalid={invalid('requestedAt') || undefined}
            aria-describedby={describedBy('requestedAt', true)}
          />,
          t('helpRequest.requestedAtHint'),
        )}
        <Fieldset>
          <FieldsetLegend>{t('helpRequest.contact')}</FieldsetLegend>
          <FormFieldDescription>{t('helpRequest.contactHint')}</FormFieldDescription>
          {text('contact.name', { autoComplete: 'off' })}
          {text('contact.phone', { type: 'tel', inputMode: 'tel' }, t('helpRequest.contact.phoneHint'))}
          {text('contact.email', { type: 'email', inputMode: 'email' })}
          {text('contact.address.street')}
          {text('contact.address.houseNumber')}
          {text('contact.address.postalCode', {}, t('helpRequest.address.postalCodeHint'))}
          {text('contact.address.city')}
        </Fieldset>
        <Button type="submit" appearance="primary-action-button" busy={busy} aria-disabled={busy || undefined}>
          {t('helpRequest.submit')}
        </Button>
      </form>
    </section>
  );
}

/** The registered request: the Wgs deadline for the first conversation, in words, with the way to the pathway. */
function Registered({ opened, another }: { opened: Opened; another: () => void }) {
  const { t, locale } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="help-request-done" className="kp-narrow">
      <Heading level={1} id="help-request-done" ref={heading} tabIndex={-1}>
        {t('helpRequest.doneTitle')}
      </Heading>
      <Alert type="ok">
        <Paragraph>{t('helpRequest.doneIntro', { reference: pathwayReference(opened.pathwayId) })}</Paragraph>
      </Alert>
      <DataList className="kp-datalist">
        <DataListItem>
          <DataListKey>{t('helpRequest.doneDeadline')}</DataListKey>
          <DataListValue>
            {opened.firstConversationDue ? (
              <strong className="kp-deadline-date">{longDate(opened.firstConversationDue, locale)}</strong>
            ) : (
              t('common.unknown')
            )}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('helpRequest.doneTerm')}</DataListKey>
          <DataListValue>{opened.crisis ? t('helpRequest.termCrisis') : t('helpRequest.termRegular')}</DataListValue>
        </DataListItem>
        {opened.crisis && (
          <DataListItem>
            <DataListKey>{t('pathway.crisis')}</DataListKey>
            <DataListValue>{t(`crisis.${opened.crisis.type}` as AnyMessageKey)}</DataListValue>
          </DataListItem>
        )}
      </DataList>
      <Paragraph>
        <Link className="utrecht-link utrecht-link--html-a" to={`/trajecten/${opened.pathwayId}`}>
          {t('helpRequest.openPathway')}
        </Link>
      </Paragraph>
      <Button appearance="secondary-action-button" onClick={another}>
        {t('helpRequest.another')}
      </Button>
    </section>
  );
}
