import { PseudonymKeyError, RESIDENT_PSEUDONYM_PATTERN, ResidentPseudonymiser } from './resident-pseudonym';

describe('ResidentPseudonymiser', () => {
  const key = Buffer.alloc(32, 7);

  it('gives the same resident the same pseudonym in every organisation holding the chain key', () => {
    const gp = ResidentPseudonymiser.withKey(key);
    const municipality = ResidentPseudonymiser.withKey(Buffer.from(key));
    expect(gp.of('111222333')).toBe(municipality.of('111222333'));
    expect(gp.of('111222333')).toMatch(RESIDENT_PSEUDONYM_PATTERN);
  });

  it('gives different residents, and the same resident under another key, different pseudonyms', () => {
    const a = ResidentPseudonymiser.withKey(key);
    expect(a.of('111222333')).not.toBe(a.of('123456782'));
    expect(ResidentPseudonymiser.withKey(Buffer.alloc(32, 8)).of('111222333')).not.toBe(a.of('111222333'));
  });

  it('never contains the BSN', () => {
    expect(ResidentPseudonymiser.withKey(key).of('111222333')).not.toContain('111222333');
  });

  it('requires a configured key of at least 32 bytes in production', () => {
    expect(() => ResidentPseudonymiser.fromEnv({ NODE_ENV: 'production' })).toThrow(PseudonymKeyError);
    expect(() =>
      ResidentPseudonymiser.fromEnv({ KETENPAD_PSEUDONYM_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(PseudonymKeyError);
    expect(
      ResidentPseudonymiser.fromEnv({ NODE_ENV: 'production', KETENPAD_PSEUDONYM_KEY: key.toString('base64') }).of(
        '111222333',
      ),
    ).toBe(ResidentPseudonymiser.withKey(key).of('111222333'));
  });

  it('refuses input that is not a BSN', () => {
    expect(() => ResidentPseudonymiser.withKey(key).of('12345')).toThrow(TypeError);
  });
});
