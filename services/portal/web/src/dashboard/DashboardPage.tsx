import './dashboard.css';
import {
  Alert,
  Button,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
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
  Textbox,
} from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, apiGet, useLiveUpdates } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { dateTime, organisationOf } from '../domain/format';
import { useT } from '../i18n/i18n';
import type { BottleneckAnswers, BottleneckEndpoint, BottleneckFilters } from './bottlenecks';
import { Chart } from './Chart';
import { csvFilename, downloadCsv, toCsv } from './csv';
import type { DashboardMessageKey } from './dashboard.messages';
import { amsterdamDate, FIGURES, type Cell, type Figure, type Labels } from './figures';

/** The municipalities of the chain, by CBS code. */
const MUNICIPALITIES = [
  { code: 'GM0363', name: 'Amsterdam' },
  { code: 'GM0344', name: 'Utrecht' },
  { code: 'GM0599', name: 'Rotterdam' },
] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Live changes come in bursts (one per event); the live region speaks at most this often. */
const ANNOUNCE_EVERY_MS = 10_000;

type Translate = (key: DashboardMessageKey, params?: Record<string, string | number>) => string;

/** One section of the page: one bottleneck endpoint, its heading and the sentences that define its figures. */
interface SectionSpec<E extends BottleneckEndpoint> {
  endpoint: E;
  title: DashboardMessageKey;
  describe(data: BottleneckAnswers[E], t: Translate): string[];
}

const section = <E extends BottleneckEndpoint>(spec: SectionSpec<E>): SectionSpec<E> => spec;

/** The sections in reading order: deadlines first, then where pathways wait, then what comes out. */
const SECTIONS = [
  section({
    endpoint: 'wgs-deadlines',
    title: 'dashboard.wgs.title',
    describe: (d, t) => [
      t('dashboard.wgs.definition', { days: d.approachingWorkingDays }),
      t('dashboard.wgs.counts', { overdue: d.overdue, approaching: d.approaching, until: d.approachingUntil }),
    ],
  }),
  section({
    endpoint: 'hand-offs',
    title: 'dashboard.handOffs.title',
    describe: (d, t) => [t('dashboard.handOffs.definition', { days: d.thresholdWorkingDays })],
  }),
  section({
    endpoint: 'phase-durations',
    title: 'dashboard.phases.title',
    describe: (_, t) => [t('dashboard.phases.definition')],
  }),
  section({
    endpoint: 'stalled',
    title: 'dashboard.stalled.title',
    describe: (d, t) => [t('dashboard.stalled.definition', { days: d.days, total: d.total })],
  }),
  section({
    endpoint: 'pillar-to-post',
    title: 'dashboard.pillar.title',
    describe: (d, t) => [t('dashboard.pillar.definition', { minIndex: d.minIndex, total: d.total })],
  }),
  section({
    endpoint: 'outcomes',
    title: 'dashboard.outcomes.title',
    describe: (d, t) => [
      t('dashboard.outcomes.definition', { closed: d.closed, droppedOut: d.droppedOutBeforeSettlement }),
    ],
  }),
  section({
    endpoint: 'flow',
    title: 'dashboard.flow.title',
    describe: (d, t) => [t('dashboard.flow.definition'), t('dashboard.flow.period', { from: d.from, to: d.to })],
  }),
];

/** The filters in the URL, as far as the API would accept them (anything else is ignored). */
function filtersOf(params: URLSearchParams): BottleneckFilters {
  const municipality = params.get('municipality') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    ...(/^GM\d{4}$/.test(municipality) ? { municipality } : {}),
    ...(DATE.test(from) ? { from } : {}),
    ...(DATE.test(to) ? { to } : {}),
  };
}

/**
 * The chain coordinator's dashboard (`/ketenregie`): every bottleneck figure of
 * the timeline service as a chart with a table beside or below it, each table
 * downloadable as CSV. Filters live in the URL so a view can be shared.
 */
export default function DashboardPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const periodInvalid = Boolean(filters.from && filters.to && filters.to < filters.from);
  const heading = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const announcement = useLiveAnnouncement();

  // The route loads lazily: the shell's focus-on-navigation ran before this heading existed.
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body && !heading.current?.closest('main')?.contains(active))
      heading.current?.focus();
  }, []);

  const municipality =
    MUNICIPALITIES.find((m) => m.code === filters.municipality)?.name ??
    filters.municipality ??
    t('dashboard.filters.allMunicipalities');
  const period =
    filters.from && filters.to
      ? t('dashboard.filters.period.range', { from: filters.from, to: filters.to })
      : filters.from
        ? t('dashboard.filters.period.from', { from: filters.from })
        : filters.to
          ? t('dashboard.filters.period.to', { to: filters.to })
          : t('dashboard.filters.period.all');

  return (
    <div className="kp-dashboard">
      <Heading level={1} id="dashboard-title" ref={heading} tabIndex={-1}>
        {t('dashboard.title')}
      </Heading>
      <Paragraph>{t('dashboard.intro')}</Paragraph>
      <FilterForm filters={filters} periodInvalid={periodInvalid} />
      <div className="kp-dashboard__current">
        <Paragraph>{t('dashboard.filters.current', { municipality, period })}</Paragraph>
        <Button
          appearance="subtle-button"
          onClick={() => void queryClient.invalidateQueries({ queryKey: ['dashboard'] })}
        >
          {t('dashboard.refresh')}
        </Button>
      </div>
      <p className="kp-visually-hidden" aria-live="polite" role="status">
        {announcement}
      </p>
      {SECTIONS.map((spec) => (
        <Section key={spec.endpoint} spec={spec} filters={filters} enabled={!periodInvalid} />
      ))}
    </div>
  );
}

/**
 * Any pathway that changes makes the figures stale: the shell's live-updates
 * hook refetches the `['dashboard', …]` queries. The live region says so, at
 * most once per {@link ANNOUNCE_EVERY_MS}, so a burst of events is one message.
 */
function useLiveAnnouncement(): string {
  const { t, locale } = useT();
  const [announcement, setAnnouncement] = useState('');
  const lastSpoken = useRef(0);
  useLiveUpdates(
    undefined,
    useCallback(() => {
      const now = Date.now();
      if (now - lastSpoken.current < ANNOUNCE_EVERY_MS) return;
      lastSpoken.current = now;
      setAnnouncement(t('dashboard.updated', { time: new Date(now).toLocaleTimeString(locale) }));
    }, [t, locale]),
  );
  return announcement;
}

function FilterForm({ filters, periodInvalid }: { filters: BottleneckFilters; periodInvalid: boolean }) {
  const { t } = useT();
  const [params, setParams] = useSearchParams();
  const known = MUNICIPALITIES.some((m) => m.code === filters.municipality);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['municipality', 'from', 'to'] as const) {
      const value = form.get(key);
      if (typeof value === 'string' && value) next.set(key, value);
    }
    setParams(next);
  };
  const errors: Record<string, string[]> = periodInvalid ? { to: [t('dashboard.filters.toBeforeFrom')] } : {};

  return (
    // Keyed by the URL, so the fields follow the back and forward buttons.
    <form
      key={params.toString()}
      className="kp-filters kp-filters--row"
      onSubmit={apply}
      aria-labelledby="dashboard-filters"
      noValidate
    >
      <Heading level={2} id="dashboard-filters">
        {t('dashboard.filters.title')}
      </Heading>
      <ErrorSummary errors={errors} labels={{ to: t('dashboard.filters.to') }} />
      <FormField>
        <FormLabel htmlFor="field-municipality">{t('dashboard.filters.municipality')}</FormLabel>
        <Select id="field-municipality" name="municipality" defaultValue={filters.municipality ?? ''}>
          <SelectOption value="">{t('dashboard.filters.allMunicipalities')}</SelectOption>
          {MUNICIPALITIES.map((m) => (
            <SelectOption key={m.code} value={m.code}>
              {m.name}
            </SelectOption>
          ))}
          {/* A shared link may name another municipality the API knows. */}
          {filters.municipality && !known && (
            <SelectOption value={filters.municipality}>{filters.municipality}</SelectOption>
          )}
        </Select>
      </FormField>
      <FormField>
        <FormLabel htmlFor="field-from">{t('dashboard.filters.from')}</FormLabel>
        <Textbox
          id="field-from"
          name="from"
          type="date"
          defaultValue={filters.from ?? ''}
          aria-describedby="dashboard-period-hint"
        />
      </FormField>
      <FormField invalid={periodInvalid}>
        <FormLabel htmlFor="field-to">{t('dashboard.filters.to')}</FormLabel>
        {periodInvalid && (
          <FormFieldErrorMessage id="field-to-error">{t('dashboard.filters.toBeforeFrom')}</FormFieldErrorMessage>
        )}
        <Textbox
          id="field-to"
          name="to"
          type="date"
          defaultValue={filters.to ?? ''}
          invalid={periodInvalid}
          aria-invalid={periodInvalid || undefined}
          aria-describedby={periodInvalid ? 'field-to-error dashboard-period-hint' : 'dashboard-period-hint'}
        />
      </FormField>
      <div className="kp-dashboard__actions">
        <Button type="submit" appearance="primary-action-button">
          {t('dashboard.filters.apply')}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={() => setParams(new URLSearchParams())}>
          {t('dashboard.filters.reset')}
        </Button>
      </div>
      <FormFieldDescription id="dashboard-period-hint" className="kp-dashboard__hint">
        {t('dashboard.filters.periodHint')}
      </FormFieldDescription>
    </form>
  );
}

/** The texts figures need, in the page's language. */
function useLabels(): Labels {
  const { t, tOr, locale } = useT();
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return {
      t: (key, params) => t(key, params),
      phase: (phase) => (phase === null ? t('dashboard.unknown') : tOr(`phase.${phase}`, phase)),
      organisation: (urn) => {
        if (!urn) return t('dashboard.unknownOrganisation');
        const organisation = organisationOf(urn);
        return organisation ? tOr(`org.${organisation.kind}`, organisation.id, { id: organisation.id }) : urn;
      },
      number: (value) => numbers.format(value),
    };
  }, [t, tOr, locale]);
}

/** One bottleneck endpoint: one API call, its own loading, error and empty states, its definition and figures. */
function Section<E extends BottleneckEndpoint>({
  spec,
  filters,
  enabled,
}: {
  spec: SectionSpec<E>;
  filters: BottleneckFilters;
  enabled: boolean;
}) {
  const { t, locale } = useT();
  const labels = useLabels();
  const query = useQuery({
    // Under ['dashboard', …] so live updates and the refresh button refetch it; the filters make a new view a new query.
    queryKey: ['dashboard', spec.endpoint, filters],
    queryFn: () => apiGet<BottleneckAnswers[E]>('timeline', `/bottlenecks/${spec.endpoint}`, { ...filters }),
    enabled,
  });
  const toFigures = FIGURES[spec.endpoint];
  const figures = useMemo(() => (query.data ? toFigures(query.data, labels) : []), [query.data, toFigures, labels]);
  const titleId = `${spec.endpoint}-title`;

  return (
    <section className="kp-dashboard__section" aria-labelledby={titleId} aria-busy={query.isFetching}>
      <Heading level={2} id={titleId}>
        {t(spec.title)}
      </Heading>
      {!enabled ? (
        <Alert type="warning">
          <Paragraph>{t('dashboard.filters.toBeforeFrom')}</Paragraph>
        </Alert>
      ) : query.isPending ? (
        <Paragraph role="status">{t('dashboard.loading')}</Paragraph>
      ) : query.isError ? (
        <SectionError error={query.error} retry={() => void query.refetch()} />
      ) : (
        <>
          {spec.describe(query.data, t).map((text, index) => (
            <Paragraph key={index}>{text}</Paragraph>
          ))}
          <Paragraph>
            <small>{t('dashboard.asOf', { time: dateTime(query.data.asOf, locale) })}</small>
          </Paragraph>
          {figures.map((figure) => (
            <FigureView key={figure.id} figure={figure} filters={filters} asOf={query.data.asOf} labels={labels} />
          ))}
        </>
      )}
    </section>
  );
}

/** Why a section could not load (service down, no access, a refused selection), instead of a blank space. */
function SectionError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useT();
  const api = error instanceof ApiError ? error : undefined;
  const message = api?.serviceUnavailable
    ? t('dashboard.error.serviceDown')
    : api?.status === 403
      ? t('dashboard.error.forbidden')
      : api?.status === 400
        ? t('dashboard.error.invalid', { message: Object.values(api.fieldErrors).flat().join('; ') || api.message })
        : t('dashboard.error.generic', { status: api?.status ?? '-' });
  return (
    <Alert type="error">
      <Heading level={3} className="kp-alert-heading">
        {t('dashboard.error.title')}
      </Heading>
      <Paragraph>{message}</Paragraph>
      {api?.status !== 403 && (
        <Button appearance="secondary-action-button" onClick={retry}>
          {t('dashboard.error.retry')}
        </Button>
      )}
    </Alert>
  );
}

/** One figure: its chart and its table, made from the same rows, and those rows as a CSV download. */
function FigureView({
  figure,
  filters,
  asOf,
  labels,
}: {
  figure: Figure;
  filters: BottleneckFilters;
  asOf: string;
  labels: Labels;
}) {
  const { t, locale } = useT();
  const headingId = `${figure.id}-heading`;
  const captionId = `${figure.id}-caption`;
  const show = (cell: Cell): string => (cell === null ? '—' : typeof cell === 'number' ? labels.number(cell) : cell);
  const download = () =>
    downloadCsv(csvFilename(figure.id, filters, amsterdamDate(asOf)), toCsv(figure.columns, figure.rows));
  const paired = figure.chart && !figure.empty;

  return (
    <div className="kp-dashboard__figure">
      <Heading level={3} id={headingId}>
        {figure.title}
      </Heading>
      {figure.empty ? (
        <Alert type="info">
          <Paragraph>{figure.emptyText}</Paragraph>
        </Alert>
      ) : (
        <div
          className={
            paired && figure.columns.length <= 6
              ? 'kp-dashboard__pair kp-dashboard__pair--beside'
              : 'kp-dashboard__pair'
          }
        >
          {paired && <Chart figure={figure} locale={locale} />}
          <div className="kp-dashboard__table">
            <div className="kp-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table>
                {/* The heading above says the same for sighted readers. */}
                <TableCaption id={captionId} className="kp-visually-hidden">
                  {figure.title}
                </TableCaption>
                <TableHeader>
                  <TableRow>
                    {figure.columns.map((column, c) => (
                      <TableHeaderCell key={c} scope="col" numericColumn={column.numeric}>
                        {column.label}
                      </TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {figure.rows.map((row, r) => (
                    <TableRow key={r}>
                      {row.cells.map((cell, c) =>
                        c === 0 ? (
                          <TableHeaderCell key={c} scope="row">
                            {row.pathwayId ? (
                              <Link className="utrecht-link" to={`/trajecten/${encodeURIComponent(row.pathwayId)}`}>
                                <span className="kp-visually-hidden">{t('dashboard.openPathway')} </span>
                                {show(cell)}
                              </Link>
                            ) : (
                              show(cell)
                            )}
                          </TableHeaderCell>
                        ) : (
                          <TableCell key={c} numericColumn={figure.columns[c]?.numeric}>
                            {show(cell)}
                          </TableCell>
                        ),
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            {figure.note && <Paragraph>{figure.note}</Paragraph>}
            <Button appearance="secondary-action-button" onClick={download}>
              {t('dashboard.csv')}
              <span className="kp-visually-hidden"> {t('dashboard.csvOf', { title: figure.title })}</span>
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
