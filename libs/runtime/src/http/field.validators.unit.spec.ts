import { validateSync } from 'class-validator';
import { IsCalendarDate, IsPlainText } from './field.validators';

class Form {
  @IsPlainText()
  name!: string;

  @IsCalendarDate()
  dueBy!: string;
}

const problems = (name: string, dueBy = '2026-12-05') =>
  validateSync(Object.assign(new Form(), { name, dueBy })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('field validators', () => {
  it.each([
    ['a right-to-left override', 'Fatima\u202eseirV ed'],
    ['a NUL byte', 'Fatima\u0000'],
    ['a zero-width space', 'Fat\u200bima'],
    ['a line break', 'Fatima\nde Vries'],
    ['a bidi isolate', '\u2066Fatima\u2069'],
    ['a byte-order mark', '\ufeffFatima'],
    ['a C1 control', 'Fatima\u0085'],
  ])('refuses free text with %s', (_what, name) => {
    expect(problems(name)).toEqual([
      'name must not contain control, zero-width or bidirectional formatting characters',
    ]);
  });

  it('takes names in any script, with accents, apostrophes and hyphens', () => {
    for (const name of ["Fatima de Vries-'t Hart", 'Zoë Ünal', 'Ŝtefan Ĳzerman', 'محمد', '王小明'])
      expect(problems(name)).toEqual([]);
  });

  it('takes calendar dates from 1900 to 2100 only', () => {
    expect(problems('x', '1900-01-01')).toEqual([]);
    expect(problems('x', '2100-12-31')).toEqual([]);
    for (const date of ['1000-01-01', '1899-12-31', '2101-01-01', '2026-02-30'])
      expect(problems('x', date)).toEqual(['dueBy must be a calendar date YYYY-MM-DD from 1900-01-01 to 2100-12-31']);
  });
});
