import { Alert, Heading } from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n';

/** The id of a form field for an error's field path: `contact.phone` → `field-contact-phone`. */
export function fieldId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The errors of a form, listed at its top with links to the fields (GOV.UK /
 * NL Design System pattern); focus moves here whenever a new set of errors appears.
 */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string[]>; labels: Record<string, string> }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  useEffect(() => {
    if (Object.values(errors).some((messages) => messages.length > 0)) ref.current?.focus();
  }, [errors]);
  if (entries.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="kp-error-summary" role="alert">
      <Alert type="error">
        <Heading level={2} id="error-summary-title">
          {t('error.summary')}
        </Heading>
        <ul>
          {entries.map(([field, messages]) => (
            <li key={field}>
              <a
                href={`#${fieldId(field)}`}
                className="utrecht-link utrecht-link--html-a"
                onClick={(event) => {
                  // Move focus to the field itself (a fragment link only scrolls).
                  const target = document.getElementById(fieldId(field));
                  if (target) {
                    event.preventDefault();
                    target.focus();
                  }
                }}
              >
                {labels[field] ?? field}: {messages.join('; ')}
              </a>
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}
