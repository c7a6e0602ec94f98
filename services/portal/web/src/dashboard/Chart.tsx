/**
 * A figure's chart: Apache ECharts, imported piece by piece (core, the two
 * chart types and the components used, the SVG renderer) so only this lazily
 * loaded dashboard chunk carries it. Colours come from the design tokens.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Column, Figure, Row, Tone } from './figures';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/**
 * Design tokens per meaning, each with at least 3:1 contrast to the white page
 * (WCAG 1.4.11); the fallback is the token's own value in the Utrecht theme.
 */
const TONES: Record<Tone, [token: string, fallback: string]> = {
  primary: ['--utrecht-color-blue-40', 'hsl(211 60% 40%)'],
  secondary: ['--utrecht-color-yellow-20', 'hsl(48 100% 20%)'],
  positive: ['--utrecht-color-green-30', 'hsl(90 30% 30%)'],
  danger: ['--utrecht-color-red-40', 'hsl(0 100% 40%)'],
  norm: ['--utrecht-color-grey-40', 'hsl(0 0% 40%)'],
};
/** Series without a meaning of their own (the phases of a stacked bar), in this order. */
const SEQUENCE: [string, string][] = [
  ['--utrecht-color-blue-40', 'hsl(211 60% 40%)'],
  ['--utrecht-color-red-40', 'hsl(0 100% 40%)'],
  ['--utrecht-color-green-30', 'hsl(90 30% 30%)'],
  ['--utrecht-color-yellow-20', 'hsl(48 100% 20%)'],
  ['--utrecht-color-blue-20', 'hsl(211 60% 20%)'],
  ['--utrecht-color-grey-40', 'hsl(0 0% 40%)'],
  ['--utrecht-color-red-20', 'hsl(0 100% 20%)'],
  ['--utrecht-color-blue-60', 'hsl(211 60% 60%)'],
];
const TEXT: [string, string] = ['--utrecht-document-color', 'hsl(0 0% 0%)'];
const AXIS_LINE: [string, string] = ['--utrecht-color-grey-40', 'hsl(0 0% 40%)'];
const GRID_LINE: [string, string] = ['--utrecht-color-grey-90', 'hsl(0 0% 90%)'];

/**
 * The colour a token has where the chart is (the theme class sits on an
 * ancestor), as `rgb()`: ECharts cannot parse every CSS colour syntax the
 * tokens use, the browser can.
 */
function tokenColour(host: HTMLElement, [token, fallback]: [string, string]): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${token}, ${fallback})`;
  probe.hidden = true;
  host.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour || fallback;
}

const ROW_HEIGHT = 32;
const LEGEND_ROW_HEIGHT = 24;
/** Rough width of one legend entry: the symbol, the gap and about 7px per character at 12px. */
const legendWidth = (label: string) => 25 + 10 + label.length * 7;

function buildOption(host: HTMLElement, figure: Figure, locale: string): Option {
  const chart = figure.chart!;
  const rows: Row[] = figure.rows.slice(0, chart.maxRows ?? figure.rows.length);
  const categories = rows.map(
    (row, index) => chart.categories?.[index] ?? String(row.cells[chart.categoryColumn] ?? ''),
  );
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const text = tokenColour(host, TEXT);
  const axisLine = tokenColour(host, AXIS_LINE);
  const gridLine = tokenColour(host, GRID_LINE);
  const fontFamily = getComputedStyle(host).fontFamily;
  const label = (column: number) => (figure.columns[column] as Column | undefined)?.label ?? '';

  // The legend wraps onto more lines on a narrow screen; the plot starts below it.
  const width = host.clientWidth || 600;
  let line = 0;
  let legendRows = 1;
  for (const series of chart.series) {
    const entry = legendWidth(label(series.column));
    if (line > 0 && line + entry > width - 20) {
      legendRows += 1;
      line = 0;
    }
    line += entry;
  }

  // Counts are whole numbers: no ticks at 0.5 pathways.
  const wholeNumbers = (secondary: boolean) =>
    chart.series
      .filter((s) => (s.secondaryAxis === true) === secondary)
      .every((s) =>
        rows.every((row) => {
          const value = row.cells[s.column];
          return typeof value !== 'number' || Number.isInteger(value);
        }),
      );
  const valueAxis = (name: string, secondary: boolean) => ({
    type: 'value' as const,
    name,
    ...(wholeNumbers(secondary) ? { minInterval: 1 } : {}),
    nameTextStyle: { color: text },
    axisLabel: { color: text, formatter: (value: number) => numbers.format(value) },
    axisLine: { show: true, lineStyle: { color: axisLine } },
    splitLine: { lineStyle: { color: gridLine } },
  });
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    inverse: chart.horizontal === true,
    axisLabel: { color: text, width: 140, overflow: 'truncate' as const, hideOverlap: true },
    axisLine: { lineStyle: { color: axisLine } },
    axisTick: { alignWithLabel: true },
  };
  const valueAxes = [
    valueAxis(chart.valueAxis, false),
    ...(chart.secondaryAxis ? [{ ...valueAxis(chart.secondaryAxis, true), splitLine: { show: false } }] : []),
  ];

  let untoned = 0;
  const series = chart.series.map((s): BarSeriesOption | LineSeriesOption => {
    const colour = tokenColour(host, s.tone ? TONES[s.tone] : SEQUENCE[untoned++ % SEQUENCE.length]!);
    const data = rows.map((row) => {
      const value = row.cells[s.column];
      return typeof value === 'number' ? value : null;
    });
    const axisIndex = s.secondaryAxis ? 1 : 0;
    const placement = chart.horizontal ? { xAxisIndex: axisIndex } : { yAxisIndex: axisIndex };
    if (s.type === 'line')
      return {
        type: 'line',
        name: label(s.column),
        data,
        ...placement,
        color: colour,
        symbolSize: 6,
        lineStyle: { width: 3 },
        connectNulls: false,
      };
    return {
      type: 'bar',
      name: label(s.column),
      data,
      ...placement,
      color: colour,
      ...(s.stack ? { stack: s.stack } : {}),
      // A norm is a reference, not a measurement: drawn hatched-looking with an outline only.
      ...(s.tone === 'norm'
        ? { itemStyle: { color: 'transparent', borderColor: colour, borderWidth: 2, borderType: 'dashed' as const } }
        : {}),
      barMaxWidth: 40,
    };
  });

  return {
    animation: false,
    textStyle: { fontFamily, color: text },
    legend: { top: 0, left: 0, textStyle: { color: text }, itemGap: 10 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? numbers.format(value) : '—'),
    },
    // Axis labels and names inside the chart's box (ECharts 6's successor of `containLabel`).
    grid: {
      top: legendRows * LEGEND_ROW_HEIGHT + 24,
      left: 8,
      right: 16,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    xAxis: chart.horizontal ? valueAxes : categoryAxis,
    yAxis: chart.horizontal ? categoryAxis : valueAxes,
    series,
  };
}

/** Height that fits a horizontal bar per row, or the usual height of a vertical chart. */
export function chartHeight(figure: Figure): number {
  const chart = figure.chart;
  if (!chart?.horizontal) return 320;
  const rows = Math.min(figure.rows.length, chart.maxRows ?? figure.rows.length);
  return Math.max(180, rows * ROW_HEIGHT + 120);
}

/**
 * The chart of a figure. For assistive technology it is one image with a
 * summary as its name (`role="img"`); the table next to it holds every figure.
 * Follows the width of its container.
 */
export function Chart({ figure, locale }: { figure: Figure; locale: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || !figure.chart) return;
    const chart = init(element, undefined, { renderer: 'svg' });
    chart.setOption(buildOption(element, figure, locale));
    // The wrapper is the image with the text alternative; the drawing inside would otherwise count as a second,
    // unnamed image (an <svg> has the img role).
    for (const svg of element.querySelectorAll('svg')) svg.setAttribute('aria-hidden', 'true');
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return;
      width = element.clientWidth;
      // The legend may wrap differently at the new width.
      chart.setOption(buildOption(element, figure, locale), { notMerge: true });
      chart.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [figure, locale]);
  if (!figure.chart) return null;
  return (
    <div
      ref={host}
      className="kp-chart"
      role="img"
      aria-label={figure.chart.summary}
      style={{ height: chartHeight(figure) }}
    />
  );
}
