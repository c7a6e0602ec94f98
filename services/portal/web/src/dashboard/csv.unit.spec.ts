import { describe, expect, it } from '@jest/globals';
import { csvFilename, isoWeek, toCsv } from './csv';

describe('the CSV export of a dashboard table', () => {
  it('writes a byte-order mark, a header row and CRLF line ends', () => {
    // given
    const columns = [{ label: 'Week (maandag)' }, { label: 'Instroom', numeric: true }];
    const rows = [{ cells: ['2026-09-28', 4] }, { cells: ['2026-10-05', 0] }];

    // when
    const csv = toCsv(columns, rows);

    // then
    expect(csv).toBe('\uFEFFWeek (maandag),Instroom\r\n2026-09-28,4\r\n2026-10-05,0\r\n');
  });

  it('quotes fields with a comma, a quote or a line break and doubles the quotes (RFC 4180)', () => {
    // given
    const columns = [{ label: 'Maat, in dagen' }, { label: 'Tekst' }];
    const rows = [{ cells: ['zei "nee"', 'twee\nregels'] }, { cells: [null, 12.5] }];

    // when
    const csv = toCsv(columns, rows);

    // then
    expect(csv).toBe('\uFEFF"Maat, in dagen",Tekst\r\n"zei ""nee""","twee\nregels"\r\n,12.5\r\n');
  });

  it('names the file after the figure, the municipality and the ISO week of the figures when no period is chosen', () => {
    // given / when
    const name = csvFilename('wgs-deadlines', { municipality: 'GM0363' }, '2026-10-01');

    // then
    expect(name).toBe('ketenpad-wgs-deadlines-GM0363-2026-W40.csv');
  });

  it('names the file after the chosen period, for all municipalities when none is chosen', () => {
    // given / when
    const range = csvFilename('flow', { from: '2026-01-01', to: '2026-03-31' }, '2026-10-01');
    const from = csvFilename('flow', { from: '2026-01-01' }, '2026-10-01');

    // then
    expect(range).toBe('ketenpad-flow-alle-gemeenten-2026-01-01-tot-2026-03-31.csv');
    expect(from).toBe('ketenpad-flow-alle-gemeenten-vanaf-2026-01-01.csv');
  });

  it('numbers weeks as ISO 8601 does around the turn of the year', () => {
    // given / when / then
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2026-01-05')).toBe('2026-W02');
  });
});
