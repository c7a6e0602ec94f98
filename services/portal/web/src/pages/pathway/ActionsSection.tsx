import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n';

/** The actions block of a pathway page: its heading, the announcement of the last action done, and the actions. */
export function ActionsSection({ done, children }: { done: string | undefined; children: ReactNode }) {
  const { t } = useT();
  return (
    <section aria-labelledby="actions-title" className="kp-section kp-actions">
      <Heading level={2} id="actions-title">
        {t('pathway.actions')}
      </Heading>
      <div aria-live="polite">
        {done && (
          <Alert type="ok">
            <Paragraph>{done}</Paragraph>
          </Alert>
        )}
      </div>
      {children}
    </section>
  );
}
