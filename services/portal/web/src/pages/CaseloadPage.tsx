import {
  Alert,
  Button,
  ButtonGroup,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { apiGet, useLiveUpdates, useSession, type PathwayChanged } from '../api/client';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { Flags } from '../components/Flags';
import { ErrorState, Loading } from '../components/States';
import {
  caseloadQueryOf,
  caseloadSearch,
  DEADLINES,
  FLAGS,
  PAGE_SIZES,
  pageCount,
  PHASES,
  STATUSES,
  type CaseloadItem,
  type CaseloadPage as Page,
  type CaseloadQuery,
  type CaseloadSort,
} from '../domain/caseload';
import { clockTime, dateTime, pathwayReference, shortDate } from '../domain/format';
import { REFERRAL_TARGETS } from '../domain/pathway';
import { useDocumentTitle } from '../layout/document-title';
import { useT, type AnyMessageKey } from '../i18n/i18n';
import { BsnSearch } from './BsnSearch';
import { OrganisationName } from '../components/OrganisationName';

/** The counsellor's caseload: the timeline's pathways with server-side filters, sort and pages, all in the URL. */
export function CaseloadPage() {
  const { t, locale } = useT();
  const session = useSession();
  const user = session.data?.signedIn ? session.data.user : undefined;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const query = useMemo(() => caseloadQueryOf(params), [params]);
  const [announcement, setAnnouncement] = useState('');
  useDocumentTitle(t('caseload.title'));

  const caseload = useQuery({
    queryKey: ['caseload', query],
    queryFn: () => apiGet<Page>('timeline', '/pathways', { ...query }),
    placeholderData: keepPreviousData,
  });

  // Live: every change refetches the list (a new pathway may belong on it); a change to a
  // pathway on screen is also said, once the new list is there.
  const visible = useRef<ReadonlySet<string>>(new Set());
  visible.current = new Set(caseload.data?.items.map((item) => item.pathwayId));
  useLiveUpdates(
    undefined,
    useCallback(
      (change: PathwayChanged) => {
        if (visible.current.has(change.pathwayId))
          setAnnouncement(
            t('caseload.updated', {
              reference: pathwayReference(change.pathwayId),
              time: clockTime(new Date(), locale),
            }),
          );
      },
      [t, locale],
    ),
  );

  const go = (changes: Partial<CaseloadQuery>) => void navigate({ search: caseloadSearch(query, changes) });
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = caseloadQueryOf(
      new URLSearchParams(
        [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    );
    go({ ...next, sort: query.sort, order: query.order, page: 1 });
  };

  const ownOrganisation = user?.organisation.municipalityCode
    ? `urn:nld:ketenpad:municipality:${user.organisation.municipalityCode}`
    : undefined;
  const owners = [
    ...(ownOrganisation ? [ownOrganisation] : []),
    ...REFERRAL_TARGETS.map((target) => target.urn),
    ...(query.owner && query.owner !== ownOrganisation && !REFERRAL_TARGETS.some((x) => x.urn === query.owner)
      ? [query.owner]
      : []),
  ];
  const data = caseload.data;
  const pages = data ? pageCount(data.total, data.pageSize) : 1;
  const filtered = !!(query.phase || query.deadline || query.flag || query.owner || query.status !== 'open');

  return (
    <section aria-labelledby="caseload-title">
      <div className="kp-page-title">
        <Heading level={1} id="caseload-title">
          {t('caseload.title')}
        </Heading>
      </div>
      <Paragraph>{t('caseload.intro', { organisation: user?.organisation.name ?? '' })}</Paragraph>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      <div className="kp-toolbar">
        <section className="kp-card kp-card--wide" aria-labelledby="filters-title">
          <Heading level={2} id="filters-title">
            {t('caseload.filters')}
          </Heading>
          <form key={params.toString()} className="kp-filters kp-filters--grid" onSubmit={applyFilters}>
            <Choice
              name="status"
              label={t('caseload.status')}
              value={query.status}
              options={STATUSES.map((s) => [s, t(`caseload.status.${s}`)])}
            />
            <Choice
              name="phase"
              label={t('caseload.phase')}
              value={query.phase ?? ''}
              options={[['', t('caseload.any')], ...PHASES.map((p): [string, string] => [p, t(`phase.${p}`)])]}
            />
            <Choice
              name="deadline"
              label={t('caseload.deadline')}
              value={query.deadline ?? ''}
              options={[
                ['', t('caseload.any')],
                ...DEADLINES.map((d): [string, string] => [d, t(`caseload.deadline.${d}`)]),
              ]}
            />
            <Choice
              name="flag"
              label={t('caseload.flag')}
              value={query.flag ?? ''}
              options={[['', t('caseload.any')], ...FLAGS.map((f): [string, string] => [f, t(`flag.${f}`)])]}
            />
            <Choice
              name="owner"
              label={t('caseload.owner')}
              value={query.owner ?? ''}
              options={[
                ['', t('caseload.any')],
                ...owners.map((urn): [string, string] => [
                  urn,
                  urn === ownOrganisation ? t('caseload.owner.own') : organisationLabel(urn, t),
                ]),
              ]}
            />
            <Choice
              name="pageSize"
              label={t('caseload.pageSize')}
              value={String(query.pageSize)}
              options={PAGE_SIZES.map((n): [string, string] => [String(n), String(n)])}
            />
            <ButtonGroup className="kp-filters__actions">
              <Button type="submit" appearance="secondary-action-button">
                {t('caseload.apply')}
              </Button>
              {filtered && (
                <Link className="utrecht-link utrecht-link--html-a" to={{ search: '' }}>
                  {t('caseload.clear')}
                </Link>
              )}
            </ButtonGroup>
          </form>
        </section>
        <BsnSearch />
      </div>

      <section aria-labelledby="caseload-results" className="kp-section">
        <Heading level={2} id="caseload-results" className="kp-visually-hidden">
          {t('caseload.results')}
        </Heading>
        {caseload.isPending ? (
          <Loading label={t('caseload.loading')} />
        ) : caseload.isError && !data ? (
          <ErrorState error={caseload.error} retry={() => void caseload.refetch()} />
        ) : data && data.items.length === 0 ? (
          <Alert type="info">
            <Paragraph>{filtered ? t('caseload.emptyFiltered') : t('caseload.empty')}</Paragraph>
          </Alert>
        ) : data ? (
          <>
            {caseload.isError && <ErrorState error={caseload.error} retry={() => void caseload.refetch()} />}
            <div className="kp-table-scroll" role="region" aria-labelledby="caseload-caption" tabIndex={0}>
              <Table className="kp-table" busy={caseload.isFetching} aria-busy={caseload.isFetching}>
                <TableCaption id="caseload-caption">
                  {t('caseload.caption', {
                    total: data.total,
                    page: data.page,
                    pages,
                    sort: t(`caseload.sort.${query.sort}`),
                    order: t(`caseload.order.${query.order}`),
                  })}
                </TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('caseload.col.reference')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('caseload.col.phase')}</TableHeaderCell>
                    <SortHeader sort="deadline" label={t('caseload.col.deadline')} query={query} />
                    <TableHeaderCell scope="col">{t('caseload.col.crisis')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('caseload.col.flags')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('caseload.col.owner')}</TableHeaderCell>
                    <SortHeader sort="started" label={t('caseload.col.started')} query={query} />
                    <SortHeader sort="lastEvent" label={t('caseload.col.lastActivity')} query={query} />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.items.map((item) => (
                    <CaseloadRow key={item.pathwayId} item={item} />
                  ))}
                </TableBody>
              </Table>
            </div>
            <nav className="kp-pagination" aria-label={t('caseload.pagination')}>
              {query.page > 1 ? (
                <Link
                  className="utrecht-link utrecht-link--html-a"
                  to={{ search: caseloadSearch(query, { page: query.page - 1 }) }}
                  rel="prev"
                >
                  {t('caseload.previous')}
                </Link>
              ) : (
                <span />
              )}
              <span aria-current="page">{t('caseload.pageOf', { page: data.page, pages })}</span>
              {query.page < pages ? (
                <Link
                  className="utrecht-link utrecht-link--html-a"
                  to={{ search: caseloadSearch(query, { page: query.page + 1 }) }}
                  rel="next"
                >
                  {t('caseload.next')}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          </>
        ) : null}
      </section>
    </section>
  );
}

function organisationLabel(urn: string, t: ReturnType<typeof useT>['t']): string {
  const target = REFERRAL_TARGETS.find((x) => x.urn === urn);
  return target ? t(target.label) : urn;
}

/** One pathway of the caseload; memoised so a refetch re-renders only the rows that changed. */
const CaseloadRow = memo(function CaseloadRow({ item }: { item: CaseloadItem }) {
  const { t, locale } = useT();
  return (
    <TableRow>
      <TableHeaderCell scope="row">
        <Link className="utrecht-link utrecht-link--html-a" to={`/trajecten/${item.pathwayId}`}>
          <span className="kp-visually-hidden">{t('caseload.rowLink')} </span>
          {pathwayReference(item.pathwayId)}
        </Link>
      </TableHeaderCell>
      <TableCell>{t(`phase.${item.phase}` as AnyMessageKey)}</TableCell>
      <TableCell>
        {item.closedAt ? (
          t('caseload.closedOn', { date: shortDate(item.closedAt, locale) })
        ) : (
          <DeadlineBadge
            due={item.firstConversationDue}
            heldAt={item.firstConversationHeldAt}
            workingDaysLeft={item.workingDaysLeft}
          />
        )}
      </TableCell>
      <TableCell>{item.crisis ? t(`crisis.${item.crisis}` as AnyMessageKey) : t('common.no')}</TableCell>
      <TableCell>
        <Flags flags={item.flags} />
      </TableCell>
      <TableCell>
        <OrganisationName urn={item.owner} />
      </TableCell>
      <TableCell>{shortDate(item.startedAt, locale)}</TableCell>
      <TableCell>{dateTime(item.lastEventAt, locale)}</TableCell>
    </TableRow>
  );
});

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
    <FormField className="kp-filters__field">
      <FormLabel htmlFor={`filter-${name}`}>{label}</FormLabel>
      <Select id={`filter-${name}`} name={name} defaultValue={value}>
        {options.map(([key, text]) => (
          <SelectOption key={key} value={key}>
            {text}
          </SelectOption>
        ))}
      </Select>
    </FormField>
  );
}

/** A column the timeline can sort by: a button in the header, its state in aria-sort. */
function SortHeader({ sort, label, query }: { sort: CaseloadSort; label: string; query: CaseloadQuery }) {
  const { t } = useT();
  const navigate = useNavigate();
  const active = query.sort === sort;
  const next = active && query.order === 'asc' ? 'desc' : 'asc';
  return (
    <TableHeaderCell scope="col" aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="kp-sort"
        onClick={() => void navigate({ search: caseloadSearch(query, { sort, order: next, page: 1 }) })}
      >
        {label}
        <span className="kp-visually-hidden">
          {' '}
          {active ? t(`caseload.sortedNow.${query.order}`) : ''} {t('caseload.sortHint')}
        </span>
        <span aria-hidden="true" className="kp-sort__icon">
          {active ? (query.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </TableHeaderCell>
  );
}
