import { Alert, Heading } from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n';

/** The errors of a form, listed at its top with links to the fields; focus moves here when they appear. */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string[]>; labels: Record<string, string> }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  }, [entries.length, errors]);
  if (entries.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="kp-error-summary">
      <Alert type="error" role="alert">
        <Heading level={2}>{t('error.summary')}</Heading>
        <ul>
          {entries.map(([field, messages]) => (
            <li key={field}>
              <a href={`#field-${field}`} className="utrecht-link">
                {labels[field] ?? field}: {messages.join('; ')}
              </a>
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}
