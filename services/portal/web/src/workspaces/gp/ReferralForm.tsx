import { Button, Paragraph, Select, SelectOption } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../api/client';
import { ErrorSummary, fieldId } from '../../components/ErrorSummary';
import { CheckboxField } from '../../components/fields';
import { useOrganisationName } from '../../components/OrganisationName';
import { formText } from '../../domain/form';
import { dateTime } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { GP_KEYS, REFERRAL_REASONS, type GpConsent, type GpReferral } from './gp';
import { describedBy, Field, FormOutcome, useServiceForm } from './form-errors';

const FIELDS = ['reason', 'urgent', 'warm', 'consentId', 'toOrg'] as const;

/**
 * A referral to the municipality's debt help in three fields: reason (a code,
 * never a diagnosis), urgent, warm. The consent it rests on and the addressee
 * are known already, so the practice does not choose them again.
 */
export function ReferralForm({ consent, toOrg }: { consent: GpConsent; toOrg: string }) {
  const { t, locale } = useT();
  const queryClient = useQueryClient();
  const organisationName = useOrganisationName();
  const municipality = organisationName(toOrg);
  const labels: Record<string, string> = {
    reason: t('gp.refer.reason'),
    urgent: t('gp.refer.urgent'),
    warm: t('gp.refer.warm'),
  };
  const { errors, conflict, failure, done, busy, invalid, submit } = useServiceForm(FIELDS, async (form) => {
    await apiSend<GpReferral>('POST', 'gp', '/referrals', {
      consentId: consent.consentId,
      toOrg,
      reason: formText(form, 'reason'),
      urgent: form.get('urgent') !== null,
      warm: form.get('warm') !== null,
    });
    await queryClient.invalidateQueries({ queryKey: GP_KEYS.all });
    return t('gp.refer.done', { municipality });
  });

  return (
    <>
      <Paragraph className="kp-muted">
        {t('gp.refer.intro', { municipality, date: dateTime(consent.recordedAt, locale) })}
      </Paragraph>
      <ErrorSummary errors={errors} labels={labels} />
      <FormOutcome conflict={conflict} failure={failure} done={done} />
      <form className="kp-form kp-form--compact" onSubmit={(e) => void submit(e)} noValidate>
        <Field name="reason" label={labels.reason!} hint={t('gp.refer.reasonHint')} errors={errors}>
          <Select
            id={fieldId('reason')}
            name="reason"
            defaultValue="financial-worries"
            invalid={invalid('reason')}
            aria-describedby={describedBy('reason', true, invalid('reason'))}
          >
            {REFERRAL_REASONS.map((reason) => (
              <SelectOption key={reason} value={reason}>
                {t(`reason.${reason}` as AnyMessageKey)}
              </SelectOption>
            ))}
          </Select>
        </Field>
        <CheckboxField name="urgent" label={labels.urgent!} />
        <CheckboxField name="warm" label={labels.warm!} defaultChecked />
        <Button type="submit" appearance="primary-action-button" busy={busy} aria-disabled={busy || undefined}>
          {t('gp.refer.submit')}
        </Button>
      </form>
    </>
  );
}
