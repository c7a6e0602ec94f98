import { isValidBsn } from './bsn';

describe('the elfproef', () => {
  it.each(['111222333', '123456782', '999990019'])('accepts %s', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['123456789', '111222334', '000000000', '12345678', '1234567890', '12345678a', ' 11122233'])(
    'refuses %s',
    (bsn) => expect(isValidBsn(bsn)).toBe(false),
  );
});
