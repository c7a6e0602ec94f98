import { StatusBadge } from '@utrecht/component-library-react';
import { shortDate } from '../domain/format';
import { useT } from '../i18n/i18n';

/**
 * The Wgs deadline with the working days left, in words: a status badge when
 * it needs attention (due within 3 working days: warning; passed: danger),
 * plain text when there is time — never colour alone.
 */
export function DeadlineBadge({
  due,
  heldAt,
  workingDaysLeft,
}: {
  due: string | null;
  heldAt: string | null;
  workingDaysLeft: number | null;
}) {
  const { t, locale } = useT();
  if (heldAt) return <span>{t('deadline.held', { date: shortDate(heldAt, locale) })}</span>;
  if (!due) return <span>{t('common.none')}</span>;
  const days = workingDaysLeft;
  const text =
    days === null
      ? ''
      : days < 0
        ? days === -1
          ? t('deadline.lateOne')
          : t('deadline.late', { days: -days })
        : days === 0
          ? t('deadline.today')
          : days === 1
            ? t('deadline.leftOne')
            : t('deadline.left', { days });
  const status = days === null ? undefined : days < 0 ? 'danger' : days <= 3 ? 'warning' : undefined;
  return (
    <span className="kp-deadline">
      <span>{shortDate(due, locale)}</span>
      {text && (status ? <StatusBadge status={status}>{text}</StatusBadge> : <span>{text}</span>)}
    </span>
  );
}
