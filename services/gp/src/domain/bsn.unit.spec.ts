import { isValidBsn } from './bsn';

describe('BSN elfproef', () => {
  it('accepts nine digits passing the elfproef and refuses anything else', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('111222334')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    expect(isValidBsn('11122233')).toBe(false);
    expect(isValidBsn('11122233a')).toBe(false);
  });
});
