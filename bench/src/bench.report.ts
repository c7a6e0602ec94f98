import type { Measurement } from './bench.context';

/** One row of the results table. */
export interface Figure {
  readonly id: string;
  readonly what: string;
  /** Measured rate (per second), latency, size or verdict. */
  readonly measured: number | string;
  readonly unit: string;
  /** Baseline rate of the same run, when the figure is a ratio. */
  readonly baseline?: number;
  readonly ratio?: number;
  /** Target as in QUALITY.md. */
  readonly target: string;
  readonly pass: boolean;
  /** Ratio gates decide the exit code; absolute figures drift on shared machines and are reported only. */
  readonly gate: boolean;
  /** Why the figure could not be measured (it failed; the run went on with the other figures). */
  readonly error?: string;
}

/** A figure that could not be measured: failed with its error, and failing the run. */
export function failed(id: string, what: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { id, what, measured: 'not measured', unit: '', target: '—', pass: false, gate: true, error: message };
}

export function absolute(id: string, what: string, m: Measurement, unit: string, minimum: number): Figure {
  return {
    id,
    what,
    measured: m.rate,
    unit,
    target: `≥ ${minimum.toLocaleString('en')} ${unit}`,
    pass: m.rate >= minimum,
    gate: false,
  };
}

export function ratio(
  id: string,
  what: string,
  m: Measurement,
  unit: string,
  baseline: Measurement,
  minimum: number,
): Figure {
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
  return {
    id,
    what,
    measured: m.rate,
    unit,
    baseline: baseline.rate,
    ratio: Math.round((m.rate / baseline.rate) * 100) / 100,
    target: '—',
    pass: true,
    gate: false,
  };
}

/** An upper bound (latency, memory): reported, never gating, as absolute figures drift on shared machines. */
export function atMost(id: string, what: string, value: number, unit: string, maximum: number): Figure {
  return {
    id,
    what,
    measured: value,
    unit,
    target: `≤ ${maximum.toLocaleString('en')} ${unit}`,
    pass: value <= maximum,
    gate: false,
  };
}

/** A yes/no requirement that gates the run (e.g. a rebuild identical to the live projection). */
export function holds(id: string, what: string, ok: boolean, detail: string, requirement: string): Figure {
  return { id, what, measured: detail, unit: '', target: requirement, pass: ok, gate: true };
}

/** |measured / baseline - 1| below `tolerance`, gating (per-message cost must not grow with history). */
export function within(
  id: string,
  what: string,
  m: Measurement,
  unit: string,
  baseline: Measurement,
  tolerance: number,
): Figure {
  const value = m.rate / baseline.rate;
  return {
    id,
    what,
    measured: m.rate,
    unit,
    baseline: baseline.rate,
    ratio: Math.round(value * 100) / 100,
    target: `${1 - tolerance}× – ${1 + tolerance}×`,
    pass: Math.abs(value - 1) < tolerance,
    gate: true,
  };
}

export function markdownTable(figures: readonly Figure[]): string {
  const head = '| id | what | measured | baseline | ratio | target | result |\n|---|---|---|---|---|---|---|';
  const rows = figures.map((f) =>
    f.error !== undefined
      ? `| ${f.id} | ${f.what} | not measured: ${cell(f.error)} | — | — | ${f.target} | **FAILED** |`
      : `| ${f.id} | ${f.what} | ${`${f.measured.toLocaleString('en')} ${f.unit}`.trim()} | ${f.baseline === undefined ? '—' : `${f.baseline.toLocaleString('en')} ${f.unit}`} | ${f.ratio === undefined ? '—' : `${f.ratio}×`} | ${f.target} | ${f.target === '—' ? 'info' : f.pass ? 'pass' : f.gate ? '**FAIL**' : 'below'} |`,
  );
  return [head, ...rows].join('\n');
}

/** An error message as one table cell: one line, no pipes, at most 300 characters (the JSON keeps it whole). */
function cell(text: string): string {
  const line = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
