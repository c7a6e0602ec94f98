import { describe, expect, it } from '@jest/globals';
import { euroCents } from './money';

describe('amounts typed in euros', () => {
  it('reads Dutch and plain notations as whole cents', () => {
    // given / when / then
    expect(euroCents('1234')).toBe(123_400);
    expect(euroCents('1.234,56')).toBe(123_456);
    expect(euroCents('€ 1 234,5')).toBe(123_450);
    expect(euroCents('1234.56')).toBe(123_456);
    expect(euroCents('12.345')).toBe(1_234_500);
    expect(euroCents('0')).toBe(0);
  });

  it('refuses what is not an amount', () => {
    // given / when / then
    expect(euroCents('')).toBeUndefined();
    expect(euroCents('-5')).toBeUndefined();
    expect(euroCents('twaalf')).toBeUndefined();
    expect(euroCents('1,234,56')).toBeUndefined();
    expect(euroCents('1,999')).toBeUndefined();
  });
});
