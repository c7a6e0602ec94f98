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
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, apiGet, useLiveUpdates } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { useT } from '../i18n/i18n';
import { Chart } from './Chart';
import { downloadCsv, toCsv } from './csv';
import {
  chartHighlights,
  csvFilename,
  flowFigures,
  handOffFigures,
  MUNICIPALITIES,
  outcomeFigures,
  phaseFigures,
  pillarFigures,
  plottedRows,
  resolveFigure,
  stalledFigures,
  wgsFigures,
  type DashboardKey,
  type Figure,
  type PlainCell,
} from './figures';

/** The page's filters, kept in the URL so a view can be shared. Only values the API accepts get through. */
type Filters = { municipality?: string; from?: string; to?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Live changes come in bursts (one per event); the live region speaks at most this often. */
const ANNOUNCE_EVERY_MS = 10_000;

function filtersOf(params: URLSearchParams): Filters {
  const municipality = params.get('municipality') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    ...(MUNICIPALITIES.some((m) => m.code === municipality) ? { municipality } : {}),
    ...(DATE.test(from) ? { from } : {}),
    ...(DATE.test(to) ? { to } : {}),
  };
}

/** The sections, one per bottleneck endpoint of the timeline service, in reading order. */
const SECTIONS: SectionDefinition[] = [
  { id: 'wgs-deadlines', title: 'dashboard.wgs.title', figures: wgsFigures },
  { id: 'hand-offs', title: 'dashboard.handOffs.title', figures: handOffFigures },
  { id: 'phase-durations', title: 'dashboard.phases.title', figures: phaseFigures },
  { id: 'stalled', title: 'dashboard.stalled.title', figures: stalledFigures },
  { id: 'pillar-to-post', title: 'dashboard.pillar.title', figures: pillarFigures },
  { id: 'outcomes', title: 'dashboard.outcomes.title', figures: outcomeFigures },
  { id: 'flow', title: 'dashboard.flow.title', figures: flowFigures },
];

interface SectionDefinition {
  /** The endpoint under /bottlenecks/, also the section's id. */
  id: string;
  title: DashboardKey;
  figures: (data: never) => Figure[];
}

/** The chain coordinator's dashboard: every bottleneck figure of the timeline service as a chart with its table. */
export default function DashboardPage() {
  const { t, locale } = useT();
  const [params] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const periodInvalid = Boolean(filters.from && filters.to && filters.to < filters.from);
  const heading = useRef<HTMLHeadingElement>(null);
  const announcement = useLiveRefresh();

  // The route is loaded lazily: the shell's focus-on-navigation ran before this heading existed.
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body && !heading.current?.closest('article')?.contains(active)) heading.current?.focus();
  }, []);

  const municipalityName = MUNICIPALITIES.find((m) => m.code === filters.municipality)?.name ?? t('dashboard.allMunicipalities');
  const period =
    filters.from && filters.to
      ? t('dashboard.selection.range', { from: filters.from, to: filters.to })
      : filters.from
        ? t('dashboard.selection.from', { from: filters.from })
        : filters.to
          ? t('dashboard.selection.to', { to: filters.to })
          : t('dashboard.selection.allTime');

  return (
    <article className="kp-dashboard" aria-labelledby="dashboard-title">
      <Heading level={1} id="dashboard-title" ref={heading} tabIndex={-1}>
        {t('dashboard.title')}
      </Heading>
      <Paragraph>{t('dashboard.intro')}</Paragraph>
      <FilterForm filters={filters} periodInvalid={periodInvalid} />
      <Paragraph>{t('dashboard.selection', { municipality: municipalityName, period })}</Paragraph>
      <div className="kp-visually-hidden" aria-live="polite" role="status">
        {announcement}
      </div>
      {SECTIONS.map((section) => (
        <Section key={section.id} section={section} filters={filters} enabled={!periodInvalid} locale={locale} />
      ))}
    </article>
  );
}

/**
 * Live changes to any pathway make the figures stale: the live-updates hook
 * refetches the `['dashboard', …]` queries; the live region says so, at most
 * once per {@link ANNOUNCE_EVERY_MS}.
 */
function useLiveRefresh(): string {
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

function FilterForm({ filters, periodInvalid }: { filters: Filters; periodInvalid: boolean }) {
  const { t } = useT();
  const [params, setParams] = useSearchParams();

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
  const errors: Record<string, string[]> = periodInvalid ? { to: [t('dashboard.periodError')] } : {};

  return (
    // Keyed by the URL so the fields follow the back button.
    <form key={params.toString()} className="kp-filters kp-filters--row" onSubmit={apply} aria-labelledby="dashboard-filters" noValidate>
      <Heading level={2} id="dashboard-filters">
        {t('dashboard.filters')}
      </Heading>
      <ErrorSummary errors={errors} labels={{ to: t('dashboard.to') }} />
      <FormField>
        <FormLabel htmlFor="field-municipality">{t('dashboard.municipality')}</FormLabel>
        <Select id="field-municipality" name="municipality" defaultValue={filters.municipality ?? ''}>
          <SelectOption value="">{t('dashboard.allMunicipalities')}</SelectOption>
          {MUNICIPALITIES.map((m) => (
            <SelectOption key={m.code} value={m.code}>
              {m.name}
            </SelectOption>
          ))}
        </Select>
      </FormField>
      <FormField>
        <FormLabel htmlFor="field-from">{t('dashboard.from')}</FormLabel>
        <Textbox id="field-from" name="from" type="date" defaultValue={filters.from ?? ''} aria-describedby="dashboard-period-hint" />
      </FormField>
      <FormField invalid={periodInvalid}>
        <FormLabel htmlFor="field-to">{t('dashboard.to')}</FormLabel>
        {periodInvalid && <FormFieldErrorMessage id="dashboard-period-error">{t('dashboard.periodError')}</FormFieldErrorMessage>}
        <Textbox
          id="field-to"
          name="to"
          type="date"
          defaultValue={filters.to ?? ''}
          invalid={periodInvalid}
          aria-describedby={periodInvalid ? 'dashboard-period-error dashboard-period-hint' : 'dashboard-period-hint'}
        />
      </FormField>
      <div className="kp-dashboard-actions">
        <Button type="submit" appearance="primary-action-button">
          {t('dashboard.apply')}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={() => setParams(new URLSearchParams())}>
          {t('dashboard.reset')}
        </Button>
      </div>
      <FormFieldDescription id="dashboard-period-hint" className="kp-dashboard-hint">
        {t('dashboard.periodHint')}
      </FormFieldDescription>
    </form>
  );
}

/** One bottleneck endpoint: one API call, its own loading, error and empty states, and its figures. */
function Section({ section, filters, enabled, locale }: { section: SectionDefinition; filters: Filters; enabled: boolean; locale: string }) {
  const { t } = useT();
  const query = useQuery({
    queryKey: ['dashboard', 'bottlenecks', section.id, filters],
    queryFn: () => apiGet<{ asOf: string }>('timeline', `/bottlenecks/${section.id}`, filters),
    enabled,
    placeholderData: keepPreviousData,
  });
  const toFigures = section.figures as (data: { asOf: string }) => Figure[];
  const figures = useMemo(() => (query.data ? toFigures(query.data) : []), [query.data, toFigures]);
  const titleId = `${section.id}-title`;

  return (
    <section className="kp-dashboard-section" aria-labelledby={titleId} aria-busy={query.isFetching}>
      <Heading level={2} id={titleId}>
        {t(section.title)}
      </Heading>
      {!enabled ? (
        <Alert type="warning">
          <Paragraph>{t('dashboard.periodError')}</Paragraph>
        </Alert>
      ) : query.isError ? (
        <SectionError error={query.error} retry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Paragraph className="kp-dashboard-loading">{t('dashboard.loading')}</Paragraph>
      ) : (
        figures.map((figure) => (
          <FigureView key={figure.id} figure={figure} filters={filters} asOf={query.data.asOf} locale={locale} />
        ))
      )}
    </section>
  );
}

function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** Why a section could not load — service down, no access, a refused selection — instead of a blank space. */
function SectionError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useT();
  const message =
    isApiError(error) && error.serviceUnavailable
      ? t('error.serviceDown', { service: error.service ?? 'timeline' })
      : isApiError(error, 403)
        ? t('error.forbidden')
        : isApiError(error, 400)
          ? t('dashboard.error.invalid', {
              message: Object.values(error.fieldErrors).flat().join('; ') || error.message,
            })
          : t('error.generic', {
              status: isApiError(error) ? error.status : '-',
              message: error instanceof Error ? error.message : String(error),
            });
  return (
    <Alert type="error">
      <Heading level={3} className="kp-alert-heading">
        {t('error.title')}
      </Heading>
      <Paragraph>{message}</Paragraph>
      {!isApiError(error, 403) && (
        <Button appearance="secondary-action-button" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}

/** One figure: its definition, then chart and table with the same rows, and those rows as CSV. */
function FigureView({ figure, filters, asOf, locale }: { figure: Figure; filters: Filters; asOf: string; locale: string }) {
  const { t, tOr } = useT();
  const resolved = useMemo(() => resolveFigure(figure, tOr), [figure, tOr]);
  const numbers = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }), [locale]);
  const caption = t(figure.caption, figure.captionParams);
  const headingId = `${figure.id}-heading`;
  const captionId = `${figure.id}-caption`;
  const show = (cell: PlainCell): string => (cell === null ? '—' : typeof cell === 'number' ? numbers.format(cell) : cell);

  const summary = useMemo(() => {
    if (!figure.chart) return '';
    const highlights = chartHighlights(figure.chart, resolved)
      .map((h) => t('dashboard.chart.highlight', { series: h.series, value: numbers.format(h.value), category: h.category }))
      .join('');
    return t('dashboard.chart.summary', {
      kind: t(figure.chart.kind === 'line' ? 'dashboard.chart.line' : 'dashboard.chart.bar'),
      caption,
      rows: plottedRows(figure.chart, resolved).length,
      highlights,
    });
  }, [figure.chart, resolved, numbers, caption, t]);

  return (
    <div className="kp-dashboard-figure" role="group" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {caption}
      </Heading>
      <Paragraph>{t(figure.definition, figure.definitionParams)}</Paragraph>
      {resolved.rows.length === 0 ? (
        <Alert type="info">
          <Paragraph>{t('dashboard.empty')}</Paragraph>
        </Alert>
      ) : (
        <>
          <div className={figure.chart ? 'kp-dashboard-figure__body kp-dashboard-figure__body--chart' : 'kp-dashboard-figure__body'}>
            {figure.chart && <Chart spec={figure.chart} figure={resolved} summary={summary} unit={t(figure.chart.unit)} />}
            <div className="kp-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table>
                <TableCaption id={captionId}>{caption}</TableCaption>
                <TableHeader>
                  <TableRow>
                    {resolved.columns.map((column, c) => (
                      <TableHeaderCell key={c} scope="col" numericColumn={resolved.numeric[c]}>
                        {column}
                      </TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {resolved.rows.map((row, r) => {
                    const pathwayId = resolved.pathwayIds[r];
                    return (
                      <TableRow key={r}>
                        {row.map((cell, c) =>
                          c === 0 ? (
                            <TableHeaderCell key={c} scope="row">
                              {pathwayId ? (
                                <Link
                                  className="utrecht-link"
                                  to={`/trajecten/${encodeURIComponent(pathwayId)}`}
                                  aria-label={t('dashboard.open', { reference: show(cell) })}
                                >
                                  {show(cell)}
                                </Link>
                              ) : (
                                show(cell)
                              )}
                            </TableHeaderCell>
                          ) : (
                            <TableCell key={c} numericColumn={resolved.numeric[c]}>
                              {show(cell)}
                            </TableCell>
                          ),
                        )}
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          </div>
          <Button
            appearance="secondary-action-button"
            onClick={() => downloadCsv(csvFilename(figure.id, filters, asOf), toCsv(resolved.columns, resolved.rows))}
          >
            {t('dashboard.csv')}
            <span className="kp-visually-hidden"> {t('dashboard.csvOf', { caption })}</span>
          </Button>
        </>
      )}
    </div>
  );
}
