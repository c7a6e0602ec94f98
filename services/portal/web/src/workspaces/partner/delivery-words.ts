import { useT } from '../../i18n/i18n';
import type { DeliveryError, SubscriptionStatus } from './partner-api';

/** How the workspace words a callback's answer, an attempt's outcome and a subscription's status. */
export function useDeliveryWords() {
  const { t } = useT();
  /** "answered 503", "did not answer within the time limit", … */
  const answer = (statusCode: number | null, error: DeliveryError | null): string => {
    if (error === null || error === 'http-status')
      return statusCode === null ? t('partner.answer.none') : t('partner.answer.status', { status: statusCode });
    return t(`partner.answer.${error}`);
  };
  const outcome = (value: 'delivered' | 'retry-scheduled' | 'dead'): string => t(`partner.outcome.${value}`);
  const status = (value: SubscriptionStatus): string => t(`partner.status.${value}`);
  return { answer, outcome, status };
}

/** The badge colour of a status: never the only sign, the word is always there. */
export function statusTone(status: SubscriptionStatus): 'danger' | 'warning' | 'neutral' {
  return status === 'failing' ? 'danger' : status === 'paused' ? 'warning' : 'neutral';
}
