import { Bsn, InvalidBsn } from './bsn';

describe('Bsn', () => {
  it.each(['111222333', '123456782', '999999990'])('accepts %s, which passes the elfproef', (value) => {
    expect(Bsn.parse(value).value).toBe(value);
  });

  it.each([
    ['123456789', 'fails the elfproef'],
    ['000000000', 'is all zeros'],
    ['12345678', 'has 8 digits'],
    ['1234567820', 'has 10 digits'],
    ['12345678a', 'contains a letter'],
    [' 11122233', 'contains a space'],
  ])('rejects %s, which %s', (value) => {
    expect(() => Bsn.parse(value)).toThrow(InvalidBsn);
    expect(Bsn.isValid(value)).toBe(false);
  });

  it('masks all but the last four digits, also when stringified or serialised', () => {
    const bsn = Bsn.parse('111222333');
    expect(bsn.masked()).toBe('*****2333');
    expect(String(bsn)).toBe('*****2333');
    expect(JSON.stringify({ bsn })).toBe('{"bsn":"*****2333"}');
  });
});
