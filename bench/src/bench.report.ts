import type { Measurement } from './bench.context';

/** One row of the results table. */
export interface Figure {
  readonly id: string;
  readonly what: string;
  /** Measured rate (per second). */
  readonly measured: number;
  readonly unit: string;
  /** Baseline rate of the same run, when the figure is a ratio. */
  readonly baseline?: number;
  readonly ratio?: number;
  /** Target as in QUALITY.md. */
  readonly target: string;
  readonly pass: boolean;
  /** Ratio gates decide the exit code; absolute figures drift on shared machines and are reported only. */
  readonly gate: boolean;
}

export function absolute(id: string, what: string, m: Measurement, unit: string, minimum: number): Figure {
  return { id, what, measured: m.rate, unit, target: `≥ ${minimum.toLocaleString('en')} ${unit}`, pass: m.rate >= minimum, gate: false };
}

export function ratio(id: string, what: string, m: Measurement, unit: string, baseline: Measurement, minimum: number): Figure {
  const value = m.rate / baseline.rate;
  return {
    id,
    what,
    measured: m.rate,
    unit,
    baseline: baseline.rate,
    ratio: Math.round(value * 100) / 100,
    target: `≥ ${minimum}×`,
    pass: value >= minimum,
    gate: true,
  };
}

/** A diagnostic row: a ratio against a baseline, with no target. */
export function info(id: string, what: string, m: Measurement, unit: string, baseline: Measurement): Figure {
  return { id, what, measured: m.rate, unit, baseline: baseline.rate, ratio: Math.round((m.rate / baseline.rate) * 100) / 100, target: '—', pass: true, gate: false };
}

export function markdownTable(figures: readonly Figure[]): string {
  const head = '| id | what | measured | baseline | ratio | target | result |\n|---|---|---|---|---|---|---|';
  const rows = figures.map(
    (f) =>
      `| ${f.id} | ${f.what} | ${f.measured.toLocaleString('en')} ${f.unit} | ${f.baseline === undefined ? '—' : `${f.baseline.toLocaleString('en')} ${f.unit}`} | ${f.ratio === undefined ? '—' : `${f.ratio}×`} | ${f.target} | ${f.target === '—' ? 'info' : f.pass ? 'pass' : f.gate ? '**FAIL**' : 'below'} |`,
  );
  return [head, ...rows].join('\n');
}
