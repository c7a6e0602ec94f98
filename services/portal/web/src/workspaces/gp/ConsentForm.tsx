import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  Select,
  SelectOption,
  Textbox,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../api/client';
import { ErrorSummary, fieldId } from '../../components/ErrorSummary';
import { isValidBsn, normaliseBsn } from '../../domain/bsn';
import { formText } from '../../domain/form';
import { today } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { CONSENT_PURPOSES, GP_KEYS, GP_SCOPES, type GpConsent } from './gp';
import { describedBy, Field, FormOutcome, useServiceForm, type Errors } from './form-errors';

const FIELDS = ['bsn', 'scope', 'purpose', 'validUntil'] as const;

/** Records what the patient consents to; the BSN goes to the service and nowhere else (not kept, not shown). */
export function ConsentForm({ patientRef }: { patientRef: string }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const labels: Record<string, string> = {
    bsn: t('gp.consent.bsn'),
    scope: t('gp.consent.scope'),
    purpose: t('gp.consent.purpose'),
    validUntil: t('gp.consent.validUntil'),
  };
  const { errors, conflict, failure, done, busy, invalid, submit } = useServiceForm(FIELDS, async (form) => {
    const bsn = normaliseBsn(formText(form, 'bsn'));
    const scope = form.getAll('scope').filter((v): v is string => typeof v === 'string');
    const validUntil = formText(form, 'validUntil');
    const checked: Errors = {};
    if (!isValidBsn(bsn)) checked.bsn = [t('bsn.invalid')];
    if (scope.length === 0) checked.scope = [t('gp.consent.scopeNone')];
    if (validUntil && validUntil < today()) checked.validUntil = [t('gp.consent.validUntilPast')];
    if (Object.keys(checked).length > 0) return checked;
    await apiSend<GpConsent>('POST', 'gp', `/patients/${encodeURIComponent(patientRef)}/consents`, {
      bsn,
      scope,
      purpose: formText(form, 'purpose'),
      validUntil: validUntil || null,
    });
    await queryClient.invalidateQueries({ queryKey: GP_KEYS.all });
    return t('gp.consent.done');
  });

  return (
    <>
      <Paragraph className="kp-muted">{t('gp.consent.intro')}</Paragraph>
      <ErrorSummary errors={errors} labels={labels} />
      <FormOutcome conflict={conflict} failure={failure} done={done} />
      <form className="kp-form kp-form--compact" onSubmit={(e) => void submit(e)} noValidate>
        <Field name="bsn" label={labels.bsn!} hint={t('gp.consent.bsnHint')} errors={errors}>
          <Textbox
            id={fieldId('bsn')}
            name="bsn"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            required
            invalid={invalid('bsn')}
            aria-invalid={invalid('bsn') || undefined}
            aria-describedby={describedBy('bsn', true, invalid('bsn'))}
          />
        </Field>
        <Fieldset invalid={invalid('scope')} aria-describedby={describedBy('scope', false, invalid('scope'))}>
          <FieldsetLegend>{labels.scope}</FieldsetLegend>
          {invalid('scope') && (
            <FormFieldErrorMessage id={`${fieldId('scope')}-error`}>{errors.scope!.join('; ')}</FormFieldErrorMessage>
          )}
          {GP_SCOPES.map((scope, index) => {
            const id = index === 0 ? fieldId('scope') : `${fieldId('scope')}-${scope}`;
            return (
              <div className="kp-checkbox" key={scope}>
                <Checkbox
                  id={id}
                  name="scope"
                  value={scope}
                  defaultChecked={scope !== 'refer-to-social-work'}
                  invalid={invalid('scope')}
                />
                <FormLabel htmlFor={id} type="checkbox">
                  {t(`gp.consent.scope.${scope}` as AnyMessageKey)}
                </FormLabel>
              </div>
            );
          })}
        </Fieldset>
        <Field name="purpose" label={labels.purpose!} hint={t('gp.consent.purposeHint')} errors={errors}>
          <Select
            id={fieldId('purpose')}
            name="purpose"
            defaultValue="referral"
            invalid={invalid('purpose')}
            aria-describedby={describedBy('purpose', true, invalid('purpose'))}
          >
            {CONSENT_PURPOSES.map((purpose) => (
              <SelectOption key={purpose} value={purpose}>
                {t(`gp.consent.purpose.${purpose}` as AnyMessageKey)}
              </SelectOption>
            ))}
          </Select>
        </Field>
        <Field name="validUntil" label={labels.validUntil!} hint={t('gp.consent.validUntilHint')} errors={errors}>
          <Textbox
            id={fieldId('validUntil')}
            name="validUntil"
            type="date"
            min={today()}
            invalid={invalid('validUntil')}
            aria-invalid={invalid('validUntil') || undefined}
            aria-describedby={describedBy('validUntil', true, invalid('validUntil'))}
          />
        </Field>
        <Button type="submit" appearance="primary-action-button" busy={busy} aria-disabled={busy || undefined}>
          {t('gp.consent.submit')}
        </Button>
      </form>
    </>
  );
}
