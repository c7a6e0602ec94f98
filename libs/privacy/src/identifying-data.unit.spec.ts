import { IDENTIFYING_KEYS, withoutIdentifyingData } from './identifying-data';

describe('withoutIdentifyingData', () => {
  it("drops the resident's pseudonym and keeps every non-personal fact of a referral", () => {
    // given the data of a GP's referral-made
    const data = {
      referralId: 'b3c1d2e4-0000-4000-8000-000000000001',
      toOrg: 'urn:nld:ketenpad:municipality:GM0363',
      reason: 'financial-worries',
      urgent: false,
      at: '2026-11-23T10:00:00.000Z',
      residentPseudonym: 'a'.repeat(64),
    };

    // when its identifying data is stripped
    const stripped = withoutIdentifyingData(data);

    // then the pseudonym is gone and the rest is unchanged
    expect(stripped).toEqual({
      referralId: data.referralId,
      toOrg: data.toOrg,
      reason: data.reason,
      urgent: false,
      at: data.at,
    });
    expect(JSON.stringify(stripped)).not.toContain('a'.repeat(64));
  });

  it('leaves the data it was given untouched, and data without identifying keys equal', () => {
    const data = Object.freeze({ kind: 'Telefoon', reached: true, residentPseudonym: 'b'.repeat(64) });
    expect(withoutIdentifyingData({ kind: 'Telefoon', reached: true })).toEqual({ kind: 'Telefoon', reached: true });
    withoutIdentifyingData(data);
    expect(data.residentPseudonym).toBe('b'.repeat(64));
  });

  it('names the pseudonym among the identifying keys', () => {
    expect(IDENTIFYING_KEYS).toContain('residentPseudonym');
  });
});
