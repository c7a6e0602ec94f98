import { isValidBsn } from './resident-bsn';

describe('a BSN', () => {
  it('is valid with nine digits that pass the elfproef', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
  });

  it('is invalid when the elfproef fails, the length is wrong or it is all zeros', () => {
    expect(isValidBsn('111222334')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
  });
});
