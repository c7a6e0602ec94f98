import {
  Alert,
  BreadcrumbNav,
  BreadcrumbNavLink,
  Button,
  Checkbox,
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
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiSend } from '../../api/client';
import { ErrorSummary, fieldId } from '../../components/ErrorSummary';
import { RouterAnchor } from '../../components/RouterAnchor';
import { ErrorState } from '../../components/States';
import { formText } from '../../domain/form';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';
import {
  EVENT_TYPES_BY_PRODUCER,
  eventNameOf,
  formFieldOf,
  municipalityCodes,
  producerPattern,
  SUBSCRIBABLE_CLASSES,
  type CreatedSubscription,
} from './partner-api';

type Errors = Record<string, string[]>;
const MUNICIPALITY_CODE = /^GM\d{4}$/;

/**
 * A new webhook subscription: the callback URL (verified by the gateway with
 * the CloudEvents handshake), which events, and optionally which classes and
 * municipalities. The signing secret is shown once, right after.
 */
export function NewSubscriptionPage() {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>();
  const [created, setCreated] = useState<CreatedSubscription>();
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(created ? t('partner.created.title') : t('partner.new.title'));

  useEffect(() => {
    if (failure !== undefined) failureRef.current?.focus();
  }, [failure]);

  const labels: Record<string, string> = {
    callbackUrl: t('partner.field.callbackUrl'),
    eventTypes: t('partner.field.eventTypes'),
    classifications: t('partner.field.classifications'),
    municipalities: t('partner.field.municipalities'),
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setFailure(undefined);
    const callbackUrl = formText(form, 'callbackUrl');
    const eventTypes = form.getAll('eventTypes').map(String);
    const classifications = form.getAll('classifications').map(String);
    const municipalities = municipalityCodes(formText(form, 'municipalities'));
    const checked: Errors = {};
    if (!callbackUrl) checked.callbackUrl = [t('partner.error.callbackUrlEmpty')];
    else if (!/^https?:\/\//i.test(callbackUrl)) checked.callbackUrl = [t('partner.error.callbackUrlScheme')];
    if (eventTypes.length === 0) checked.eventTypes = [t('partner.error.eventTypesEmpty')];
    const wrong = municipalities.filter((code) => !MUNICIPALITY_CODE.test(code));
    if (wrong.length > 0) checked.municipalities = [t('partner.error.municipalities', { codes: wrong.join(', ') })];
    if (Object.keys(checked).length > 0) {
      setErrors(checked);
      return;
    }
    setBusy(true);
    try {
      const result = await apiSend<CreatedSubscription>('POST', 'partner-gateway', '/subscriptions', {
        callbackUrl,
        eventTypes,
        ...(classifications.length > 0 ? { classifications } : {}),
        ...(municipalities.length > 0 ? { municipalities } : {}),
      });
      setErrors({});
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: ['partner'] });
    } catch (error) {
      setErrors({});
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.fieldErrors).length > 0) {
        const byField: Errors = {};
        for (const [field, messages] of Object.entries(error.fieldErrors))
          byField[formFieldOf(field)] = [...(byField[formFieldOf(field)] ?? []), ...messages];
        setErrors(byField);
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (created) return <Created subscription={created} />;

  const invalid = (name: string) => !!errors[name]?.length;
  const describedBy = (name: string) =>
    [`${fieldId(name)}-hint`, invalid(name) ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ');
  const errorOf = (name: string) =>
    invalid(name) && (
      <FormFieldErrorMessage id={`${fieldId(name)}-error`}>{errors[name]!.join('; ')}</FormFieldErrorMessage>
    );

  return (
    <section aria-labelledby="new-subscription-title" className="kp-narrow">
      <Breadcrumb current={t('partner.new.title')} />
      <Heading level={1} id="new-subscription-title">
        {t('partner.new.title')}
      </Heading>
      <Paragraph>{t('partner.new.intro')}</Paragraph>
      <ErrorSummary errors={errors} labels={labels} />
      <div ref={failureRef} tabIndex={-1} className="kp-focus-target">
        {failure !== undefined && <ErrorState error={failure} />}
      </div>
      <form className="kp-form kp-partner-form" onSubmit={(e) => void submit(e)} noValidate>
        <FormField invalid={invalid('callbackUrl')}>
          <FormLabel htmlFor={fieldId('callbackUrl')}>{labels.callbackUrl}</FormLabel>
          <FormFieldDescription id={`${fieldId('callbackUrl')}-hint`}>
            {t('partner.field.callbackUrl.hint')}
          </FormFieldDescription>
          {errorOf('callbackUrl')}
          <Textbox
            id={fieldId('callbackUrl')}
            name="callbackUrl"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            required
            invalid={invalid('callbackUrl')}
            aria-invalid={invalid('callbackUrl') || undefined}
            aria-describedby={describedBy('callbackUrl')}
          />
        </FormField>

        <Fieldset invalid={invalid('eventTypes')} aria-describedby={describedBy('eventTypes')}>
          <FieldsetLegend>{labels.eventTypes}</FieldsetLegend>
          <FormFieldDescription id={`${fieldId('eventTypes')}-hint`}>
            {t('partner.field.eventTypes.hint')}
          </FormFieldDescription>
          {errorOf('eventTypes')}
          <Choice id={fieldId('eventTypes')} name="eventTypes" value="*" label={t('partner.types.all')} />
          {[...EVENT_TYPES_BY_PRODUCER].map(([producer, types]) => (
            <ProducerChoices key={producer} producer={producer} types={types} />
          ))}
        </Fieldset>

        <Fieldset aria-describedby={`${fieldId('classifications')}-hint`}>
          <FieldsetLegend>{labels.classifications}</FieldsetLegend>
          <FormFieldDescription id={`${fieldId('classifications')}-hint`}>
            {t('partner.field.classifications.hint')}
          </FormFieldDescription>
          {errorOf('classifications')}
          {SUBSCRIBABLE_CLASSES.map((c, index) => (
            <Choice
              key={c}
              id={index === 0 ? fieldId('classifications') : `${fieldId('classifications')}-${c}`}
              name="classifications"
              value={c}
              label={t(`partner.class.${c}`)}
            />
          ))}
        </Fieldset>

        <FormField invalid={invalid('municipalities')}>
          <FormLabel htmlFor={fieldId('municipalities')}>{labels.municipalities}</FormLabel>
          <FormFieldDescription id={`${fieldId('municipalities')}-hint`}>
            {t('partner.field.municipalities.hint')}
          </FormFieldDescription>
          {errorOf('municipalities')}
          <Textbox
            id={fieldId('municipalities')}
            name="municipalities"
            autoComplete="off"
            spellCheck={false}
            invalid={invalid('municipalities')}
            aria-invalid={invalid('municipalities') || undefined}
            aria-describedby={describedBy('municipalities')}
          />
        </FormField>

        <Button type="submit" appearance="primary-action-button" busy={busy} aria-disabled={busy || undefined}>
          {t('partner.new.submit')}
        </Button>
      </form>
    </section>
  );
}

/** Everything of one producer, or single event types of it (folded away: there are many). */
function ProducerChoices({ producer, types }: { producer: string; types: readonly string[] }) {
  const { t, tOr } = useT();
  const name = tOr(`service.${producer}`, producer);
  return (
    <div className="kp-producer">
      <Choice
        id={`${fieldId('eventTypes')}-${producer}`}
        name="eventTypes"
        value={producerPattern(producer)}
        label={t('partner.types.allOf', { producer: name })}
      />
      <details className="kp-details">
        <summary>{t('partner.types.single', { producer: name, count: types.length })}</summary>
        {types.map((type) => (
          <Choice
            key={type}
            id={`${fieldId('eventTypes')}-${type.replace(/\./g, '-')}`}
            name="eventTypes"
            value={type}
            label={tOr(`event.${eventNameOf(type)}`, eventNameOf(type))}
            code={type}
          />
        ))}
      </details>
    </div>
  );
}

function Choice({
  id,
  name,
  value,
  label,
  code,
}: {
  id: string;
  name: string;
  value: string;
  label: string;
  code?: string;
}) {
  return (
    <div className="kp-checkbox">
      <Checkbox id={id} name={name} value={value} />
      <FormLabel htmlFor={id} type="checkbox">
        {label}
        {code && <span className="kp-block kp-code kp-muted">{code}</span>}
      </FormLabel>
    </div>
  );
}

function Breadcrumb({ current }: { current: string }) {
  const { t } = useT();
  return (
    <BreadcrumbNav label={t('pathway.breadcrumb')} className="kp-breadcrumb">
      <BreadcrumbNavLink href="/partner" Link={RouterAnchor} index={0} rel="up">
        {t('partner.title')}
      </BreadcrumbNavLink>
      <BreadcrumbNavLink href="/partner/abonnementen/nieuw" Link={RouterAnchor} index={1} current>
        {current}
      </BreadcrumbNavLink>
    </BreadcrumbNav>
  );
}

/** The new subscription and its signing secret: shown here once, never again. */
function Created({ subscription }: { subscription: CreatedSubscription }) {
  const { t } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const secretField = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(subscription.secret);
      setCopied(t('partner.secret.copied'));
    } catch {
      // No clipboard (an insecure page, or refused): select the text so the user can copy it themselves.
      secretField.current?.select();
      setCopied(t('partner.secret.selectInstead'));
    }
  };

  return (
    <section aria-labelledby="created-title" className="kp-narrow">
      <Heading level={1} id="created-title" ref={heading} tabIndex={-1}>
        {t('partner.created.title')}
      </Heading>
      <Alert type="warning">
        <Heading level={2} className="kp-alert-heading">
          {t('partner.secret.warningTitle')}
        </Heading>
        <Paragraph>{t('partner.secret.warning')}</Paragraph>
      </Alert>
      <div className="kp-form kp-partner-form">
        <FormField>
          <FormLabel htmlFor="signing-secret">{t('partner.secret.label')}</FormLabel>
          <FormFieldDescription id="signing-secret-hint">{t('partner.secret.hint')}</FormFieldDescription>
          <Textbox
            id="signing-secret"
            ref={secretField}
            readOnly
            value={subscription.secret}
            className="kp-code kp-secret"
            spellCheck={false}
            aria-describedby="signing-secret-hint"
            onFocus={(event) => event.currentTarget.select()}
          />
        </FormField>
        <Button appearance="secondary-action-button" onClick={() => void copy()}>
          {t('partner.secret.copy')}
        </Button>
        <p role="status" className="kp-muted">
          {copied}
        </p>
      </div>
      <Paragraph>
        <Link className="utrecht-link utrecht-link--html-a" to={`/partner/abonnementen/${subscription.subscriptionId}`}>
          {t('partner.created.open')}
        </Link>
      </Paragraph>
      <Paragraph>
        <Link className="utrecht-link utrecht-link--html-a" to="/partner">
          {t('partner.created.back')}
        </Link>
      </Paragraph>
    </section>
  );
}
