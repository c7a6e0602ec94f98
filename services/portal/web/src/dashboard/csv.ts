/**
 * CSV export of a dashboard table, made in the browser from exactly the rows
 * the table shows. RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): comma
 * separated, CRLF line ends, a header row, fields with a comma, quote or line
 * break quoted and quotes doubled. A UTF-8 byte-order mark in front, so
 * spreadsheet programs (Excel) read accents and "→" correctly.
 */
import type { Cell, Column, Row } from './figures';

const BOM = '\uFEFF';

function field(value: Cell): string {
  // Numbers as JavaScript writes them (a full stop as decimal mark), so the file reads the same in every locale.
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of a table: its column labels as header row, then one line per row. */
export function toCsv(columns: readonly Column[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => field(c.label)), ...rows.map((row) => row.cells.map(field))];
  return BOM + lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
}

/** ISO 8601 week of a calendar date (YYYY-MM-DD), e.g. `2026-W40`. */
export function isoWeek(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day));
  const weekday = utc.getUTCDay() || 7;
  // The Thursday of this week decides the week-numbering year.
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday);
  const weekYear = utc.getUTCFullYear();
  const week = Math.ceil(((utc.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/**
 * The file name of an export: what it is, for which municipality, over which
 * period, e.g. `ketenpad-wgs-deadlines-GM0363-2026-W40.csv` (no period chosen:
 * the ISO week of the figures' "now"), `ketenpad-flow-alle-gemeenten-2026-01-01-tot-2026-03-31.csv`.
 */
export function csvFilename(
  figureId: string,
  filters: { municipality?: string; from?: string; to?: string },
  asOfDate: string,
): string {
  const place = filters.municipality ?? 'alle-gemeenten';
  const period =
    filters.from && filters.to
      ? `${filters.from}-tot-${filters.to}`
      : filters.from
        ? `vanaf-${filters.from}`
        : filters.to
          ? `tot-${filters.to}`
          : isoWeek(asOfDate);
  return `ketenpad-${figureId}-${place}-${period}.csv`.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** Hands the CSV text to the browser as a download. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
