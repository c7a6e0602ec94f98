import { describe, expect, it } from '@jest/globals';
import { isValidBsn, normaliseBsn } from './bsn';

describe('the BSN elfproef in the browser', () => {
  it('accepts a BSN whose weighted digit sum is divisible by 11', () => {
    // given 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 2 = 154 = 14 · 11
    const bsn = '123456782';
    // when / then
    expect(isValidBsn(bsn)).toBe(true);
  });

  it('refuses a BSN that fails the elfproef, has the wrong length or is all zeros', () => {
    // given / when / then
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('1234567820')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    expect(isValidBsn('12345678a')).toBe(false);
  });

  it('reads a BSN typed with spaces or dots as its nine digits', () => {
    // given
    const typed = ' 1234.56 782 ';
    // when
    const digits = normaliseBsn(typed);
    // then
    expect(digits).toBe('123456782');
    expect(isValidBsn(typed)).toBe(true);
  });
});
