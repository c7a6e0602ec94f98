/**
 * Every bottleneck answer turned into the figures the dashboard shows: the
 * rows of each table, and which of its columns the chart draws. The table, the
 * chart and the CSV download are all made from these same rows, so they cannot
 * disagree. Pure functions (texts come in through {@link Labels}), so they can
 * be unit-tested without a browser.
 */
import type {
  BottleneckAnswers,
  Flow,
  HandOffs,
  Outcomes,
  PhaseDurations,
  PillarToPost,
  Stalled,
  WgsDeadlines,
} from './bottlenecks';
import { organisationOf, pathwayReference } from '../domain/format';
import type { DashboardMessageKey } from './dashboard.messages';

export type Cell = string | number | null;

export interface Column {
  label: string;
  /** Right-aligned, formatted as a number in the table. */
  numeric?: boolean;
}

export interface Row {
  cells: Cell[];
  /** The pathway this row is about: its first cell links to `/trajecten/:pathwayId`. */
  pathwayId?: string;
}

/** What a series means, for its colour (design tokens, see Chart.tsx). */
export type Tone = 'primary' | 'secondary' | 'positive' | 'danger' | 'norm';

export interface ChartSeries {
  /** Index of the column drawn. */
  column: number;
  type: 'bar' | 'line';
  /** Series with the same stack name are stacked. */
  stack?: string;
  /** Drawn against the second value axis. */
  secondaryAxis?: boolean;
  tone?: Tone;
}

export interface ChartSpec {
  /** Index of the column that names each row (the category axis). */
  categoryColumn: number;
  /** Shorter category names than the table's, one per row. */
  categories?: string[];
  series: ChartSeries[];
  /** Bars grow to the right, categories top to bottom (long names, rankings). */
  horizontal?: boolean;
  /** Only the first rows are drawn; the table lists all of them. */
  maxRows?: number;
  valueAxis: string;
  secondaryAxis?: string;
  /** Text alternative of the chart (its accessible name). */
  summary: string;
}

export interface Figure {
  /** Stable name: part of the CSV file name and of the element ids. */
  id: string;
  /** Heading above the figure and caption of its table. */
  title: string;
  columns: Column[];
  rows: Row[];
  chart?: ChartSpec;
  /** Shown instead of chart and table when there is nothing to show. */
  emptyText: string;
  /** Whether there is nothing to show (no rows, or rows that are all zero). */
  empty: boolean;
  /** Said under the table, e.g. that the list is cut off. */
  note?: string;
}

/** The texts a figure needs, from the page's language. */
export interface Labels {
  t: (key: DashboardMessageKey, params?: Record<string, string | number>) => string;
  /** A DDAS phase (`plan-van-aanpak`) as a reader says it. */
  phase: (phase: string | null) => string;
  /** An organisation URN (`urn:nld:ketenpad:social-work:SW-AMS`) as a reader says it. */
  organisation: (urn: string | null) => string;
  /** A number as the table shows it. */
  number: (value: number) => string;
}

/** The DDAS phases in process order. */
export const PHASE_ORDER = [
  'aanmelding',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'oplossing',
  'aflossing',
  'nazorg',
  'uitstroom',
];

/**
 * Closing in one of these phases is a drop-out "before a settlement started":
 * the definition the timeline's `droppedOutBeforeSettlement` uses (see the
 * outcomes endpoint's description), applied here per reason.
 */
export const PHASES_BEFORE_SETTLEMENT: readonly string[] = ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie'];

/** How many pathways a ranking chart draws; the table lists every one the API gave. */
const RANKING_CHART_ROWS = 15;

const rank = (phase: string): number => {
  const index = PHASE_ORDER.indexOf(phase);
  return index === -1 ? PHASE_ORDER.length : index;
};

/** A share (0..1) as a percentage with one decimal. */
export function percentage(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

/** Hours or days with one decimal (the API gives them unrounded). */
function oneDecimal(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in Europe/Amsterdam. */
export function amsterdamDate(instant: string): string {
  return AMSTERDAM_DATE.format(new Date(instant));
}

/** The organisation id in a URN (`SW-AMS`), for short chart labels. */
function organisationId(urn: string | null): string {
  return urn ? (organisationOf(urn)?.id ?? urn) : '?';
}

function figure(base: Omit<Figure, 'empty'> & { empty?: boolean }): Figure {
  return { ...base, empty: base.empty ?? base.rows.length === 0 };
}

/** A note that the API listed fewer rows than it counted. */
function cutOff(labels: Labels, listed: number, total: number): string | undefined {
  return total > listed ? labels.t('dashboard.note.cutOff', { listed, total }) : undefined;
}

/**
 * The text alternative of a chart: what it shows, over which categories, and
 * the highest value of each series; the table next to it has every figure.
 */
export function chartSummary(
  labels: Labels,
  title: string,
  columns: Column[],
  rows: Row[],
  chart: Omit<ChartSpec, 'summary'>,
): string {
  const drawn = rows.slice(0, chart.maxRows ?? rows.length);
  const category = (row: Row, index: number) =>
    chart.categories?.[index] ?? String(row.cells[chart.categoryColumn] ?? '');
  const kinds = new Set(chart.series.map((s) => s.type));
  const kind = labels.t(
    kinds.size > 1
      ? 'dashboard.chart.kind.mixed'
      : kinds.has('line')
        ? 'dashboard.chart.kind.line'
        : 'dashboard.chart.kind.bar',
  );
  const parts = [
    labels.t('dashboard.chart.summary', {
      kind,
      title,
      count: drawn.length,
      first: drawn.length ? category(drawn[0]!, 0) : '',
      last: drawn.length ? category(drawn[drawn.length - 1]!, drawn.length - 1) : '',
    }),
  ];
  for (const series of chart.series.slice(0, 3)) {
    let best: { value: number; index: number } | undefined;
    drawn.forEach((row, index) => {
      const value = row.cells[series.column];
      if (typeof value === 'number' && (!best || value > best.value)) best = { value, index };
    });
    if (best)
      parts.push(
        labels.t('dashboard.chart.highest', {
          series: columns[series.column]?.label ?? '',
          value: labels.number(best.value),
          category: category(drawn[best.index]!, best.index),
        }),
      );
  }
  parts.push(labels.t('dashboard.chart.seeTable'));
  return parts.join(' ');
}

/**
 * The chart of a figure, with its text alternative; none when no series has a
 * single value to draw (an empty plot says nothing the table does not).
 */
function withChart(
  labels: Labels,
  title: string,
  columns: Column[],
  rows: Row[],
  chart: Omit<ChartSpec, 'summary'>,
): { chart?: ChartSpec } {
  const drawn = rows.slice(0, chart.maxRows ?? rows.length);
  const anything = chart.series.some((s) => drawn.some((row) => typeof row.cells[s.column] === 'number'));
  return anything ? { chart: { ...chart, summary: chartSummary(labels, title, columns, rows, chart) } } : {};
}

// ---------------------------------------------------------------- Wgs deadlines

export function wgsFigures(data: WgsDeadlines, labels: Labels): Figure[] {
  const { t } = labels;

  const weeklyTitle = t('dashboard.wgs.weekly.title');
  const weeklyColumns: Column[] = [
    { label: t('dashboard.col.week') },
    { label: t('dashboard.col.held'), numeric: true },
    { label: t('dashboard.col.onTime'), numeric: true },
    { label: t('dashboard.col.late'), numeric: true },
    { label: t('dashboard.col.onTimePct'), numeric: true },
  ];
  const weeklyRows: Row[] = data.weekly.map((w) => ({
    cells: [w.week, w.held, w.onTime, w.late, percentage(w.onTimeShare)],
  }));

  const terms = [false, true].map((crisis) => {
    const listed = data.pathways.filter((p) => p.crisis === crisis);
    const overdue = listed.filter((p) => p.status === 'overdue').length;
    return { crisis, overdue, approaching: listed.length - overdue };
  });
  const termsTitle = t('dashboard.wgs.terms.title');
  const termsColumns: Column[] = [
    { label: t('dashboard.col.term') },
    { label: t('dashboard.col.overdue'), numeric: true },
    { label: t('dashboard.col.approaching'), numeric: true },
  ];
  const termsRows: Row[] = terms.map((term) => ({
    cells: [t(term.crisis ? 'dashboard.term.crisis' : 'dashboard.term.regular'), term.overdue, term.approaching],
  }));

  const openTitle = t('dashboard.wgs.open.title');
  const openColumns: Column[] = [
    { label: t('dashboard.col.pathway') },
    { label: t('dashboard.col.municipality') },
    { label: t('dashboard.col.term') },
    { label: t('dashboard.col.due') },
    { label: t('dashboard.col.status') },
    { label: t('dashboard.col.workingDaysLeft'), numeric: true },
    { label: t('dashboard.col.workingDaysOverdue'), numeric: true },
    { label: t('dashboard.col.owner') },
  ];
  const openRows: Row[] = data.pathways.map((p) => ({
    pathwayId: p.pathwayId,
    cells: [
      pathwayReference(p.pathwayId),
      p.municipalityCode ?? '',
      t(p.crisis ? 'dashboard.term.crisis' : 'dashboard.term.regular'),
      p.firstConversationDue,
      t(p.status === 'overdue' ? 'dashboard.status.overdue' : 'dashboard.status.approaching'),
      p.workingDaysLeft,
      p.workingDaysOverdue,
      labels.organisation(p.owner),
    ],
  }));

  return [
    figure({
      id: 'wgs-deadlines',
      title: weeklyTitle,
      columns: weeklyColumns,
      rows: weeklyRows,
      emptyText: t('dashboard.empty'),
      ...withChart(labels, weeklyTitle, weeklyColumns, weeklyRows, {
        categoryColumn: 0,
        series: [
          { column: 2, type: 'bar', stack: 'held', tone: 'positive' },
          { column: 3, type: 'bar', stack: 'held', tone: 'danger' },
          { column: 4, type: 'line', secondaryAxis: true, tone: 'primary' },
        ],
        valueAxis: t('dashboard.axis.conversations'),
        secondaryAxis: t('dashboard.axis.percent'),
      }),
    }),
    figure({
      id: 'wgs-deadlines-terms',
      title: termsTitle,
      columns: termsColumns,
      rows: termsRows,
      empty: data.pathways.length === 0,
      emptyText: t('dashboard.wgs.open.empty'),
      ...(data.total > data.listed
        ? { note: t('dashboard.note.countedListed', { listed: data.listed, total: data.total }) }
        : {}),
      ...withChart(labels, termsTitle, termsColumns, termsRows, {
        categoryColumn: 0,
        series: [
          { column: 1, type: 'bar', stack: 'open', tone: 'danger' },
          { column: 2, type: 'bar', stack: 'open', tone: 'secondary' },
        ],
        horizontal: true,
        valueAxis: t('dashboard.axis.pathways'),
      }),
    }),
    figure({
      id: 'wgs-deadlines-open',
      title: openTitle,
      columns: openColumns,
      rows: openRows,
      emptyText: t('dashboard.wgs.open.empty'),
      ...withNote(cutOff(labels, data.listed, data.total)),
    }),
  ];
}

function withNote(note: string | undefined): { note?: string } {
  return note ? { note } : {};
}

// ---------------------------------------------------------------- hand-offs

export function handOffFigures(data: HandOffs, labels: Labels): Figure[] {
  const { t } = labels;
  const pairs = [...data.pairs].sort(
    (a, b) =>
      labels.organisation(a.toOrg).localeCompare(labels.organisation(b.toOrg)) ||
      labels.organisation(a.fromOrg).localeCompare(labels.organisation(b.fromOrg)),
  );
  const pairsTitle = t('dashboard.handOffs.pairs.title');
  const pairColumns: Column[] = [
    { label: t('dashboard.col.toOrg') },
    { label: t('dashboard.col.fromOrg') },
    { label: t('dashboard.col.referrals'), numeric: true },
    { label: t('dashboard.col.accepted'), numeric: true },
    { label: t('dashboard.col.declined'), numeric: true },
    { label: t('dashboard.col.waiting'), numeric: true },
    { label: t('dashboard.col.closedUnanswered'), numeric: true },
    { label: t('dashboard.col.acceptanceP50'), numeric: true },
    { label: t('dashboard.col.acceptanceP90'), numeric: true },
    { label: t('dashboard.col.firstContactP50'), numeric: true },
    { label: t('dashboard.col.firstContactP90'), numeric: true },
  ];
  const pairRows: Row[] = pairs.map((p) => ({
    cells: [
      labels.organisation(p.toOrg),
      labels.organisation(p.fromOrg),
      p.referrals,
      p.accepted,
      p.declined,
      p.waiting,
      p.closedUnanswered,
      oneDecimal(p.referralToAcceptance.medianHours),
      oneDecimal(p.referralToAcceptance.p90Hours),
      oneDecimal(p.acceptanceToFirstContact.medianHours),
      oneDecimal(p.acceptanceToFirstContact.p90Hours),
    ],
  }));

  const waitingTitle = t('dashboard.handOffs.waiting.title', { days: data.thresholdWorkingDays });
  const waitingColumns: Column[] = [
    { label: t('dashboard.col.pathway') },
    { label: t('dashboard.col.toOrg') },
    { label: t('dashboard.col.fromOrg') },
    { label: t('dashboard.col.referredOn') },
    { label: t('dashboard.col.workingDaysWaiting'), numeric: true },
    { label: t('dashboard.col.overThreshold') },
  ];
  const waitingRows: Row[] = data.waiting.map((w) => ({
    pathwayId: w.pathwayId,
    cells: [
      pathwayReference(w.pathwayId),
      labels.organisation(w.toOrg),
      labels.organisation(w.fromOrg),
      amsterdamDate(w.referredAt),
      w.workingDaysWaiting,
      t(w.overThreshold ? 'dashboard.yes' : 'dashboard.no'),
    ],
  }));

  return [
    figure({
      id: 'hand-offs',
      title: pairsTitle,
      columns: pairColumns,
      rows: pairRows,
      emptyText: t('dashboard.empty'),
      ...withChart(labels, pairsTitle, pairColumns, pairRows, {
        categoryColumn: 0,
        categories: pairs.map((p) => `${organisationId(p.fromOrg)} → ${organisationId(p.toOrg)}`),
        series: [
          { column: 7, type: 'bar', tone: 'primary' },
          { column: 8, type: 'bar', tone: 'secondary' },
        ],
        horizontal: true,
        valueAxis: t('dashboard.axis.hours'),
      }),
    }),
    figure({
      id: 'hand-offs-waiting',
      title: waitingTitle,
      columns: waitingColumns,
      rows: waitingRows,
      emptyText: t('dashboard.handOffs.waiting.empty'),
      ...withNote(cutOff(labels, data.waiting.length, data.waitingTotal)),
    }),
  ];
}

// ---------------------------------------------------------------- phase durations

export function phaseFigures(data: PhaseDurations, labels: Labels): Figure[] {
  const { t } = labels;
  const phasesTitle = t('dashboard.phases.title.table');
  const phaseColumns: Column[] = [
    { label: t('dashboard.col.phase') },
    { label: t('dashboard.col.completedStays'), numeric: true },
    { label: t('dashboard.col.medianDays'), numeric: true },
    { label: t('dashboard.col.p90Days'), numeric: true },
    { label: t('dashboard.col.meanDays'), numeric: true },
    { label: t('dashboard.col.ongoing'), numeric: true },
  ];
  const phaseRows: Row[] = data.phases.map((p) => ({
    cells: [
      labels.phase(p.phase),
      p.count,
      oneDecimal(p.medianDays),
      oneDecimal(p.p90Days),
      oneDecimal(p.meanDays),
      p.ongoing,
    ],
  }));

  const normsTitle = t('dashboard.norms.title');
  const normColumns: Column[] = [
    { label: t('dashboard.col.measure') },
    { label: t('dashboard.col.pathways'), numeric: true },
    { label: t('dashboard.col.medianDays'), numeric: true },
    { label: t('dashboard.col.p90Days'), numeric: true },
    { label: t('dashboard.col.meanDays'), numeric: true },
    { label: t('dashboard.col.normDays'), numeric: true },
    { label: t('dashboard.col.normKind') },
    { label: t('dashboard.col.overNorm'), numeric: true },
  ];
  const { firstAppointment: first, settlementPreparation: settlement } = data;
  const normRows: Row[] = [
    {
      cells: [
        t('dashboard.norm.firstAppointment'),
        first.count,
        oneDecimal(first.medianDays),
        oneDecimal(first.p90Days),
        oneDecimal(first.meanDays),
        first.normMeanDays,
        t('dashboard.normKind.mean'),
        null,
      ],
    },
    {
      cells: [
        t('dashboard.norm.settlement'),
        settlement.count,
        oneDecimal(settlement.medianDays),
        oneDecimal(settlement.p90Days),
        oneDecimal(settlement.meanDays),
        settlement.normDays,
        t('dashboard.normKind.maximum'),
        settlement.overNorm,
      ],
    },
  ];

  return [
    figure({
      id: 'phase-durations',
      title: phasesTitle,
      columns: phaseColumns,
      rows: phaseRows,
      empty: data.phases.every((p) => p.count === 0 && p.ongoing === 0),
      emptyText: t('dashboard.empty'),
      ...withChart(labels, phasesTitle, phaseColumns, phaseRows, {
        categoryColumn: 0,
        series: [
          { column: 2, type: 'bar', tone: 'primary' },
          { column: 3, type: 'bar', tone: 'secondary' },
        ],
        valueAxis: t('dashboard.axis.days'),
      }),
    }),
    figure({
      id: 'phase-durations-norms',
      title: normsTitle,
      columns: normColumns,
      rows: normRows,
      empty: first.count === 0 && settlement.count === 0,
      emptyText: t('dashboard.empty'),
      ...withChart(labels, normsTitle, normColumns, normRows, {
        categoryColumn: 0,
        categories: [t('dashboard.norm.firstAppointment.short'), t('dashboard.norm.settlement.short')],
        series: [
          { column: 2, type: 'bar', tone: 'primary' },
          { column: 4, type: 'bar', tone: 'secondary' },
          { column: 5, type: 'bar', tone: 'norm' },
        ],
        valueAxis: t('dashboard.axis.days'),
      }),
    }),
  ];
}

// ---------------------------------------------------------------- stalled

export function stalledFigures(data: Stalled, labels: Labels): Figure[] {
  const { t } = labels;
  // One row per owner, one column per phase: what the stacked bars draw.
  const phases = [...new Set(data.byPhaseAndOwner.map((g) => g.phase))].sort((a, b) => rank(a) - rank(b));
  const owners = new Map<string, { owner: string | null; counts: Map<string, number>; total: number }>();
  for (const group of data.byPhaseAndOwner) {
    const key = group.owner ?? '';
    const entry = owners.get(key) ?? { owner: group.owner, counts: new Map<string, number>(), total: 0 };
    entry.counts.set(group.phase, (entry.counts.get(group.phase) ?? 0) + group.count);
    entry.total += group.count;
    owners.set(key, entry);
  }
  const byOwner = [...owners.values()].sort(
    (a, b) => b.total - a.total || labels.organisation(a.owner).localeCompare(labels.organisation(b.owner)),
  );
  const ownerTitle = t('dashboard.stalled.owners.title', { days: data.days });
  const ownerColumns: Column[] = [
    { label: t('dashboard.col.owner') },
    ...phases.map((phase) => ({ label: labels.phase(phase), numeric: true })),
    { label: t('dashboard.col.total'), numeric: true },
  ];
  const ownerRows: Row[] = byOwner.map((o) => ({
    cells: [labels.organisation(o.owner), ...phases.map((phase) => o.counts.get(phase) ?? 0), o.total],
  }));

  const listTitle = t('dashboard.stalled.list.title');
  const listColumns: Column[] = [
    { label: t('dashboard.col.pathway') },
    { label: t('dashboard.col.phase') },
    { label: t('dashboard.col.owner') },
    { label: t('dashboard.col.lastEvent') },
    { label: t('dashboard.col.daysQuiet'), numeric: true },
  ];
  const listRows: Row[] = data.pathways.map((p) => ({
    pathwayId: p.pathwayId,
    cells: [
      pathwayReference(p.pathwayId),
      labels.phase(p.phase),
      labels.organisation(p.owner),
      amsterdamDate(p.lastEventAt),
      p.daysSinceLastEvent,
    ],
  }));

  return [
    figure({
      id: 'stalled',
      title: ownerTitle,
      columns: ownerColumns,
      rows: ownerRows,
      emptyText: t('dashboard.stalled.empty'),
      ...withChart(labels, ownerTitle, ownerColumns, ownerRows, {
        categoryColumn: 0,
        categories: byOwner.map((o) => organisationId(o.owner)),
        series: phases.map((_, index) => ({ column: index + 1, type: 'bar' as const, stack: 'owner' })),
        horizontal: true,
        valueAxis: t('dashboard.axis.pathways'),
      }),
    }),
    figure({
      id: 'stalled-pathways',
      title: listTitle,
      columns: listColumns,
      rows: listRows,
      emptyText: t('dashboard.stalled.empty'),
      ...withNote(cutOff(labels, data.pathways.length, data.total)),
    }),
  ];
}

// ---------------------------------------------------------------- pillar to post

export function pillarFigures(data: PillarToPost, labels: Labels): Figure[] {
  const { t } = labels;
  const title = t('dashboard.pillar.table.title', { minIndex: data.minIndex });
  const columns: Column[] = [
    { label: t('dashboard.col.pathway') },
    { label: t('dashboard.col.rank'), numeric: true },
    { label: t('dashboard.col.index'), numeric: true },
    { label: t('dashboard.col.handOffs'), numeric: true },
    { label: t('dashboard.col.declined'), numeric: true },
    { label: t('dashboard.col.bounces'), numeric: true },
    { label: t('dashboard.col.phase') },
    { label: t('dashboard.col.status') },
  ];
  const rows: Row[] = data.pathways.map((p, index) => ({
    pathwayId: p.pathwayId,
    cells: [
      pathwayReference(p.pathwayId),
      index + 1,
      p.index,
      p.handOffs,
      p.declined,
      p.bounces,
      labels.phase(p.phase),
      t(p.closed ? 'dashboard.status.closed' : 'dashboard.status.open'),
    ],
  }));
  return [
    figure({
      id: 'pillar-to-post',
      title,
      columns,
      rows,
      emptyText: t('dashboard.pillar.empty'),
      ...withNote(cutOff(labels, data.pathways.length, data.total)),
      ...withChart(labels, title, columns, rows, {
        categoryColumn: 0,
        series: [{ column: 2, type: 'bar', tone: 'primary' }],
        horizontal: true,
        maxRows: RANKING_CHART_ROWS,
        valueAxis: t('dashboard.axis.index'),
      }),
    }),
  ];
}

// ---------------------------------------------------------------- outcomes

export function outcomeFigures(data: Outcomes, labels: Labels): Figure[] {
  const { t } = labels;
  const reasons = new Map<string, { reason: string | null; closed: number; droppedOut: number }>();
  for (const row of data.byPhaseAndReason) {
    const key = row.reason ?? '';
    const entry = reasons.get(key) ?? { reason: row.reason, closed: 0, droppedOut: 0 };
    entry.closed += row.count;
    if (row.phase !== null && PHASES_BEFORE_SETTLEMENT.includes(row.phase)) entry.droppedOut += row.count;
    reasons.set(key, entry);
  }
  const byReason = [...reasons.values()].sort(
    (a, b) => b.closed - a.closed || (a.reason ?? '').localeCompare(b.reason ?? ''),
  );
  const share = (part: number, whole: number) => (whole === 0 ? null : percentage(part / whole));

  const reasonTitle = t('dashboard.outcomes.reasons.title');
  const reasonColumns: Column[] = [
    { label: t('dashboard.col.reason') },
    { label: t('dashboard.col.closed'), numeric: true },
    { label: t('dashboard.col.droppedOut'), numeric: true },
    { label: t('dashboard.col.afterSettlementStarted'), numeric: true },
    { label: t('dashboard.col.shareOfClosed', { base: data.closed }), numeric: true },
    { label: t('dashboard.col.shareOfDroppedOut', { base: data.droppedOutBeforeSettlement }), numeric: true },
  ];
  const reasonRows: Row[] = byReason.map((r) => ({
    cells: [
      r.reason ?? t('dashboard.unknown'),
      r.closed,
      r.droppedOut,
      r.closed - r.droppedOut,
      share(r.closed, data.closed),
      share(r.droppedOut, data.droppedOutBeforeSettlement),
    ],
  }));

  const dropOutTitle = t('dashboard.outcomes.dropOut.title');
  const dropOutColumns: Column[] = [
    { label: t('dashboard.col.measure') },
    { label: t('dashboard.col.pathways'), numeric: true },
    { label: t('dashboard.col.base'), numeric: true },
    { label: t('dashboard.col.sharePct'), numeric: true },
    { label: t('dashboard.col.referencePct'), numeric: true },
  ];
  // The reference is a share of everyone who registered: only the cohort row compares like with like.
  const dropOutRows: Row[] = [
    {
      cells: [
        t('dashboard.outcomes.dropOut.cohort'),
        data.cohort.droppedOut,
        data.cohort.registered,
        percentage(data.cohort.dropOutShare),
        percentage(data.normDropOutShare),
      ],
    },
    {
      cells: [
        t('dashboard.outcomes.dropOut.measure'),
        data.droppedOutBeforeSettlement,
        data.closed,
        percentage(data.dropOutShare),
        null,
      ],
    },
  ];

  return [
    figure({
      id: 'outcomes',
      title: reasonTitle,
      columns: reasonColumns,
      rows: reasonRows,
      emptyText: t('dashboard.empty'),
      ...withChart(labels, reasonTitle, reasonColumns, reasonRows, {
        categoryColumn: 0,
        series: [
          { column: 2, type: 'bar', stack: 'closed', tone: 'danger' },
          { column: 3, type: 'bar', stack: 'closed', tone: 'primary' },
        ],
        horizontal: true,
        valueAxis: t('dashboard.axis.pathways'),
      }),
    }),
    figure({
      id: 'outcomes-drop-out',
      title: dropOutTitle,
      columns: dropOutColumns,
      rows: dropOutRows,
      empty: data.cohort.registered === 0 && data.closed === 0,
      emptyText: t('dashboard.empty'),
      ...withChart(labels, dropOutTitle, dropOutColumns, dropOutRows, {
        categoryColumn: 0,
        categories: [t('dashboard.outcomes.dropOut.short'), t('dashboard.outcomes.dropOut.shortClosed')],
        series: [
          { column: 3, type: 'bar', tone: 'danger' },
          { column: 4, type: 'bar', tone: 'norm' },
        ],
        horizontal: true,
        valueAxis: t('dashboard.axis.percent'),
      }),
    }),
  ];
}

// ---------------------------------------------------------------- flow

export function flowFigures(data: Flow, labels: Labels): Figure[] {
  const { t } = labels;
  const phases = [...new Set(data.weeks.flatMap((w) => Object.keys(w.workInProgress)))].sort(
    (a, b) => rank(a) - rank(b),
  );
  const title = t('dashboard.flow.table.title');
  const columns: Column[] = [
    { label: t('dashboard.col.week') },
    { label: t('dashboard.col.arrivals'), numeric: true },
    { label: t('dashboard.col.closures'), numeric: true },
    { label: t('dashboard.col.workInProgress'), numeric: true },
    ...phases.map((phase) => ({
      label: t('dashboard.col.workInProgressIn', { phase: labels.phase(phase) }),
      numeric: true,
    })),
  ];
  const rows: Row[] = data.weeks.map((w) => ({
    cells: [
      w.week,
      w.arrivals,
      w.closures,
      Object.values(w.workInProgress).reduce((sum, n) => sum + n, 0),
      ...phases.map((phase) => w.workInProgress[phase] ?? 0),
    ],
  }));
  return [
    figure({
      id: 'flow',
      title,
      columns,
      rows,
      empty: rows.every((row) => row.cells.slice(1).every((cell) => cell === 0)),
      emptyText: t('dashboard.empty'),
      ...withChart(labels, title, columns, rows, {
        categoryColumn: 0,
        series: [
          { column: 1, type: 'bar', tone: 'primary' },
          { column: 2, type: 'bar', tone: 'positive' },
          { column: 3, type: 'line', secondaryAxis: true, tone: 'secondary' },
        ],
        valueAxis: t('dashboard.axis.pathwaysPerWeek'),
        secondaryAxis: t('dashboard.axis.workInProgress'),
      }),
    }),
  ];
}

/** The figures of each endpoint's answer. */
export const FIGURES: { [E in keyof BottleneckAnswers]: (data: BottleneckAnswers[E], labels: Labels) => Figure[] } = {
  'wgs-deadlines': wgsFigures,
  'hand-offs': handOffFigures,
  'phase-durations': phaseFigures,
  stalled: stalledFigures,
  'pillar-to-post': pillarFigures,
  outcomes: outcomeFigures,
  flow: flowFigures,
};
