import {
  Alert,
  Button,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  StatusBadge,
  Textbox,
} from '@utrecht/component-library-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { apiGet, apiSend, useSession } from '../api/client';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { ErrorState, Loading } from '../components/States';
import { isValidBsn } from '../domain/bsn';
import { formText } from '../domain/form';
import { FLAGS, PHASES, type CaseloadPage as Page } from '../domain/caseload';
import { dateTime, pathwayReference } from '../domain/format';
import { useT, type AnyMessageKey } from '../i18n/i18n';
import { useLiveUpdates } from '../api/client';

const SORTS = [
  { key: 'deadline', label: 'caseload.col.deadline' },
  { key: 'lastEvent', label: 'caseload.col.lastActivity' },
] as const;

/** The counsellor's caseload: server-side filters, sort and pages, all kept in the URL. */
export function CaseloadPage() {
  const { t, locale } = useT();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [announcement, setAnnouncement] = useState('');
  const query = {
    status: params.get('status') ?? 'open',
    phase: params.get('phase') ?? undefined,
    deadline: params.get('deadline') ?? undefined,
    flag: params.get('flag') ?? undefined,
    sort: params.get('sort') ?? 'deadline',
    order: params.get('order') ?? 'asc',
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 25),
  };
  const caseload = useQuery({
    queryKey: ['caseload', query],
    queryFn: () => apiGet<Page>('timeline', '/pathways', query),
    placeholderData: keepPreviousData,
  });
  useLiveUpdates(
    undefined,
    useCallback(
      () => setAnnouncement(t('common.caseloadUpdated', { time: new Date().toLocaleTimeString(locale) })),
      [t, locale],
    ),
  );

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    setParams(next);
  };
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({
      status: formText(form, 'status') || 'open',
      phase: formText(form, 'phase') || undefined,
      deadline: formText(form, 'deadline') || undefined,
      flag: formText(form, 'flag') || undefined,
      page: undefined,
    });
  };
  const data = caseload.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const organisation = session.data?.signedIn ? session.data.user.organisation.name : '';

  return (
    <section aria-labelledby="caseload-title">
      <Heading level={1} id="caseload-title">
        {t('caseload.title')}
      </Heading>
      <Paragraph>{t('caseload.intro', { organisation })}</Paragraph>
      <p className="kp-visually-hidden" aria-live="polite" role="status">
        {announcement}
      </p>

      <div className="kp-columns">
        <form key={params.toString()} className="kp-filters" onSubmit={applyFilters} aria-labelledby="filters-title">
          <Heading level={2} id="filters-title">
            {t('caseload.filters')}
          </Heading>
          <Choice
            name="status"
            label={t('caseload.status')}
            value={query.status}
            options={(['open', 'closed', 'all'] as const).map((s) => [s, t(`caseload.status.${s}`)])}
          />
          <Choice
            name="phase"
            label={t('caseload.phase')}
            value={query.phase ?? ''}
            options={[['', t('caseload.anyPhase')], ...PHASES.map((p) => [p, t(`phase.${p}`)] as [string, string])]}
          />
          <Choice
            name="deadline"
            label={t('caseload.deadline')}
            value={query.deadline ?? ''}
            options={[
              ['', t('caseload.deadline.any')],
              ['overdue', t('caseload.deadline.overdue')],
              ['due-soon', t('caseload.deadline.due-soon')],
            ]}
          />
          <Choice
            name="flag"
            label={t('caseload.flag')}
            value={query.flag ?? ''}
            options={[['', t('caseload.flag.any')], ...FLAGS.map((f) => [f, t(`flag.${f}`)] as [string, string])]}
          />
          <Button type="submit" appearance="secondary-action-button">
            {t('caseload.apply')}
          </Button>
        </form>

        <div className="kp-grow">
          {caseload.isPending ? (
            <Loading />
          ) : caseload.isError ? (
            <ErrorState error={caseload.error} retry={() => void caseload.refetch()} />
          ) : data && data.items.length === 0 ? (
            <Alert type="info" role="status">
              <Paragraph>{t('caseload.empty')}</Paragraph>
            </Alert>
          ) : data ? (
            <>
              <div className="kp-table-scroll" role="region" aria-labelledby="caseload-caption" tabIndex={0}>
                <table className="utrecht-table utrecht-table--html-table kp-table" aria-busy={caseload.isFetching}>
                  <caption id="caseload-caption" className="utrecht-table__caption">
                    {t('caseload.caption', { total: data.total, page: data.page, pages })}
                  </caption>
                  <thead className="utrecht-table__header">
                    <tr className="utrecht-table__row">
                      <th scope="col" className="utrecht-table__header-cell">
                        {t('caseload.col.reference')}
                      </th>
                      <th scope="col" className="utrecht-table__header-cell">
                        {t('caseload.col.phase')}
                      </th>
                      {SORTS.slice(0, 1).map((s) => (
                        <SortHeader key={s.key} sortKey={s.key} label={t(s.label)} query={query} update={update} />
                      ))}
                      <th scope="col" className="utrecht-table__header-cell">
                        {t('caseload.col.crisis')}
                      </th>
                      <th scope="col" className="utrecht-table__header-cell">
                        {t('caseload.col.flags')}
                      </th>
                      {SORTS.slice(1).map((s) => (
                        <SortHeader key={s.key} sortKey={s.key} label={t(s.label)} query={query} update={update} />
                      ))}
                    </tr>
                  </thead>
                  <tbody className="utrecht-table__body">
                    {data.items.map((item) => (
                      <tr className="utrecht-table__row" key={item.pathwayId}>
                        <th scope="row" className="utrecht-table__header-cell">
                          <Link className="utrecht-link" to={`/trajecten/${item.pathwayId}`}>
                            {pathwayReference(item.pathwayId)}
                          </Link>
                        </th>
                        <td className="utrecht-table__cell">{t(`phase.${item.phase}` as AnyMessageKey)}</td>
                        <td className="utrecht-table__cell">
                          <DeadlineBadge
                            due={item.firstConversationDue}
                            heldAt={item.firstConversationHeldAt}
                            workingDaysLeft={item.workingDaysLeft}
                          />
                        </td>
                        <td className="utrecht-table__cell">
                          {item.crisis ? t(`crisis.${item.crisis}` as AnyMessageKey) : t('common.no')}
                        </td>
                        <td className="utrecht-table__cell">
                          <Flags kinds={[...new Set(item.flags.map((f) => f.kind))]} />
                        </td>
                        <td className="utrecht-table__cell">{dateTime(item.lastEventAt, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="kp-pagination" aria-label={t('caseload.pagination')}>
                {query.page > 1 && (
                  <Link className="utrecht-link" to={`?${withPage(params, query.page - 1)}`}>
                    {t('caseload.previous')}
                  </Link>
                )}
                <span>{t('caseload.caption', { total: data.total, page: data.page, pages })}</span>
                {query.page < pages && (
                  <Link className="utrecht-link" to={`?${withPage(params, query.page + 1)}`}>
                    {t('caseload.next')}
                  </Link>
                )}
              </nav>
            </>
          ) : null}
        </div>
      </div>
      <BsnSearch />
    </section>
  );
}

function withPage(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return next.toString();
}

function Choice({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
}) {
  return (
    <FormField>
      <FormLabel htmlFor={`filter-${name}`}>{label}</FormLabel>
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={value}
        className="utrecht-select utrecht-select--html-select"
      >
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </FormField>
  );
}

function SortHeader({
  sortKey,
  label,
  query,
  update,
}: {
  sortKey: string;
  label: string;
  query: { sort: string; order: string };
  update: (changes: Record<string, string | undefined>) => void;
}) {
  const { t } = useT();
  const active = query.sort === sortKey;
  const order = active && query.order === 'asc' ? 'desc' : 'asc';
  return (
    <th
      scope="col"
      className="utrecht-table__header-cell"
      aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="kp-sort"
        onClick={() => update({ sort: sortKey, order, page: undefined })}
        aria-label={t('caseload.sortBy', { column: label })}
      >
        {label} <span aria-hidden="true">{active ? (query.order === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

export function Flags({ kinds }: { kinds: string[] }) {
  const { t } = useT();
  if (kinds.length === 0) return <span>—</span>;
  return (
    <ul className="kp-badges">
      {kinds.map((kind) => (
        <li key={kind}>
          <StatusBadge status="warning" className="kp-badge kp-badge--warning">
            {t(`flag.${kind}` as AnyMessageKey)}
          </StatusBadge>
        </li>
      ))}
    </ul>
  );
}

interface SearchItem {
  pathwayId: string;
  status: string;
  phase: string | null;
  firstConversationDue: string | null;
}

/** Finds a resident by BSN: the BSN goes in a POST body (never a URL) and only pathway links come back. */
function BsnSearch() {
  const { t } = useT();
  const [bsn, setBsn] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<SearchItem[]>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    if (!isValidBsn(bsn)) {
      setError(t('helpRequest.bsnInvalid'));
      return;
    }
    setError(undefined);
    try {
      setResult(
        (await apiSend<{ items: SearchItem[] }>('POST', 'municipality', '/pathways/search', { bsn: bsn.trim() })).items,
      );
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form className="kp-search" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="bsn-search-title">
      <Heading level={2} id="bsn-search-title">
        {t('caseload.search.title')}
      </Heading>
      <FormField invalid={!!error}>
        <FormLabel htmlFor="bsn-search">{t('helpRequest.bsn')}</FormLabel>
        <FormFieldDescription id="bsn-search-hint">{t('caseload.search.intro')}</FormFieldDescription>
        {error && <FormFieldErrorMessage id="bsn-search-error">{error}</FormFieldErrorMessage>}
        <Textbox
          id="bsn-search"
          inputMode="numeric"
          autoComplete="off"
          value={bsn}
          invalid={!!error}
          aria-describedby={`bsn-search-hint${error ? ' bsn-search-error' : ''}`}
          onChange={(e) => setBsn(e.target.value)}
        />
      </FormField>
      <Button type="submit" appearance="secondary-action-button">
        {t('caseload.search.submit')}
      </Button>
      <div aria-live="polite">
        {result && result.length === 0 && <Paragraph>{t('caseload.search.none')}</Paragraph>}
        {result && result.length > 0 && (
          <>
            <Paragraph>{t('caseload.search.found')}</Paragraph>
            <ul>
              {result.map((item) => (
                <li key={item.pathwayId}>
                  <Link className="utrecht-link" to={`/trajecten/${item.pathwayId}`}>
                    {pathwayReference(item.pathwayId)}
                  </Link>{' '}
                  — {item.phase ? t(`phase.${item.phase}` as AnyMessageKey) : ''} (
                  {t(`pathway.status.${item.status}` as AnyMessageKey)})
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </form>
  );
}
