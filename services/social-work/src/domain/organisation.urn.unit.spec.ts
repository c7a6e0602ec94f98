import { isSocialWorkUrn, municipalityCodeOf, socialWorkUrn } from './organisation.urn';

describe('an organisation URN', () => {
  it('names a social-work organisation by its id', () => {
    expect(socialWorkUrn('SW-AMS')).toBe('urn:nld:ketenpad:social-work:SW-AMS');
    expect(isSocialWorkUrn('urn:nld:ketenpad:social-work:mw-amsterdam-noord')).toBe(true);
  });

  it('of another kind, or malformed, is not a social-work organisation', () => {
    expect(isSocialWorkUrn('urn:nld:ketenpad:municipality:GM0363')).toBe(false);
    expect(isSocialWorkUrn('urn:nld:ketenpad:social-work:')).toBe(false);
    expect(() => socialWorkUrn('has space')).toThrow();
  });

  it('of a municipality gives its CBS code, and any other gives none', () => {
    expect(municipalityCodeOf('urn:nld:ketenpad:municipality:GM0363')).toBe('GM0363');
    expect(municipalityCodeOf('urn:nld:ketenpad:municipality:Amsterdam')).toBeUndefined();
    expect(municipalityCodeOf('urn:nld:ketenpad:social-work:GM0363')).toBeUndefined();
  });
});
