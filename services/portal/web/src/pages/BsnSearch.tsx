import {
  Button,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  Textbox,
} from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiSend } from '../api/client';
import { ErrorState } from '../components/States';
import { isValidBsn, normaliseBsn } from '../domain/bsn';
import { pathwayReference, shortDate } from '../domain/format';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** One pathway of the resident, as `POST /api/v1/pathways/search` answers it: no BSN comes back. */
interface Found {
  pathwayId: string;
  status: string;
  phase: string | null;
  firstConversationDue: string | null;
}

/**
 * Finds a resident's pathways by BSN. The BSN goes in a POST body (never in a
 * URL, a query key or a log line) after the elfproef in the browser; only
 * links to the pathways come back, never a list of BSNs.
 */
export function BsnSearch() {
  const { t, locale } = useT();
  const [bsn, setBsn] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [found, setFound] = useState<Found[]>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFound(undefined);
    setFailure(undefined);
    const value = normaliseBsn(bsn);
    if (!isValidBsn(value)) {
      setFieldError(t('bsn.invalid'));
      document.getElementById('bsn-search')?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      setFound((await apiSend<{ items: Found[] }>('POST', 'municipality', '/pathways/search', { bsn: value })).items);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.bsn?.length)
        setFieldError(error.fieldErrors.bsn.join('; '));
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="kp-card" aria-labelledby="bsn-search-title">
      <Heading level={2} id="bsn-search-title">
        {t('caseload.search.title')}
      </Heading>
      <form
        className="kp-form"
        onSubmit={(e) => void submit(e)}
        noValidate
        role="search"
        aria-labelledby="bsn-search-title"
      >
        <FormField invalid={!!fieldError}>
          <FormLabel htmlFor="bsn-search">{t('bsn.label')}</FormLabel>
          <FormFieldDescription id="bsn-search-hint">{t('caseload.search.intro')}</FormFieldDescription>
          {fieldError && <FormFieldErrorMessage id="bsn-search-error">{fieldError}</FormFieldErrorMessage>}
          <Textbox
            id="bsn-search"
            name="bsn"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={bsn}
            invalid={!!fieldError}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={`bsn-search-hint${fieldError ? ' bsn-search-error' : ''}`}
            onChange={(e) => setBsn(e.target.value)}
          />
        </FormField>
        <Button type="submit" appearance="secondary-action-button" busy={busy}>
          {t('caseload.search.submit')}
        </Button>
      </form>
      <div aria-live="polite" className="kp-search-result">
        {failure !== undefined && <ErrorState error={failure} headingLevel={3} />}
        {found && found.length === 0 && <Paragraph>{t('caseload.search.none')}</Paragraph>}
        {found && found.length > 0 && (
          <>
            <Paragraph>{t('caseload.search.found', { count: found.length })}</Paragraph>
            <ul className="kp-list">
              {found.map((item) => (
                <li key={item.pathwayId}>
                  <Link className="utrecht-link utrecht-link--html-a" to={`/trajecten/${item.pathwayId}`}>
                    {t('caseload.search.item', {
                      reference: pathwayReference(item.pathwayId),
                      phase: item.phase ? t(`phase.${item.phase}` as AnyMessageKey) : t('pathway.status.signalled'),
                      status: t(`pathway.status.${item.status}` as AnyMessageKey),
                    })}
                  </Link>
                  {item.firstConversationDue && (
                    <span className="kp-muted">
                      {' '}
                      — {t('caseload.search.due', { date: shortDate(item.firstConversationDue, locale) })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
