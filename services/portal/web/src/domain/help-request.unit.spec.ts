import { describe, expect, it } from '@jest/globals';
import { byFormField, helpRequestBody, requestedAtOf } from './help-request';

describe('the help request form', () => {
  it('sends only what was filled in, with the BSN as digits and the crisis as its type', () => {
    // given the form's values
    const values: Record<string, string> = {
      bsn: '1234 56 782',
      channel: 'telefoon',
      crisis: 'eviction',
      'contact.name': 'Fatima de Vries',
      'contact.address.postalCode': '1011AB',
    };
    // when
    const body = helpRequestBody((name) => values[name] ?? '', '2026-12-05');
    // then
    expect(body).toEqual({
      bsn: '123456782',
      channel: 'telefoon',
      crisis: { type: 'eviction' },
      contact: { name: 'Fatima de Vries', address: { postalCode: '1011AB' } },
    });
  });

  it('leaves the date of the request out for today and sends noon of an earlier day', () => {
    // given / when / then
    expect(requestedAtOf('', '2026-12-05')).toBeUndefined();
    expect(requestedAtOf('2026-12-05', '2026-12-05')).toBeUndefined();
    expect(requestedAtOf('2026-12-01', '2026-12-05')).toBe(new Date('2026-12-01T12:00:00').toISOString());
  });

  it("puts the service's field errors at the form's fields, in Dutch where the catalogue has words for them", () => {
    // given a 400 of the municipality
    const fieldErrors = { 'crisis.type': ['type must be one of …'], 'contact.phone': ['phone must be a phone number'] };
    // when
    const errors = byFormField(fieldErrors, (field) =>
      field === 'contact.phone' ? 'Vul een geldig telefoonnummer in.' : undefined,
    );
    // then
    expect(errors).toEqual({
      crisis: ['type must be one of …'],
      'contact.phone': ['Vul een geldig telefoonnummer in.'],
    });
  });
});
