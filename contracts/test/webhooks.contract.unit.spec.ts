import { loadPartnerWebhooks, partnerNotificationChecker } from '../src';

const NOTIFICATION = {
  specversion: '1.0',
  id: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
  source: 'urn:nld:ketenpad:municipality:GM0363',
  type: 'nl.ketenpad.municipality.help-requested.v1',
  time: '2026-12-05T10:00:00.000Z',
  datacontenttype: 'application/json',
  pathwayid: '0b9d7c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e',
  classification: 'chain',
  dataref: 'https://partners.ketenpad.example/api/v1/notifications/6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
};
const HEADERS = {
  'webhook-id': 'd-42',
  'webhook-timestamp': '1796464800',
  'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
};

describe('the partner webhooks contract (contracts/webhooks)', () => {
  const document = loadPartnerWebhooks();
  const check = partnerNotificationChecker(document);

  it('is an OpenAPI 3.1 document with the notification and the validation handshake as webhooks', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(document.webhooks).sort()).toEqual(['chainEventNotification', 'subscriptionValidation']);
    expect(Object.keys(document.webhooks['chainEventNotification']!)).toEqual(['post']);
    expect(Object.keys(document.webhooks['subscriptionValidation']!)).toEqual(['options']);
  });

  it('accepts a thin notification with its three signature headers', () => {
    expect(check(NOTIFICATION, HEADERS)).toEqual([]);
  });

  it('refuses event data, a subject, a missing dataref, an unknown class and a malformed or missing header', () => {
    const { dataref: _dataref, ...withoutDataref } = NOTIFICATION;
    expect(check({ ...NOTIFICATION, data: { bsn: '111222333' } }, HEADERS)).toEqual([
      'body must NOT have additional properties',
    ]);
    expect(check({ ...NOTIFICATION, subject: 'x' }, HEADERS)).toEqual(['body must NOT have additional properties']);
    expect(check(withoutDataref, HEADERS)).toEqual(["body must have required property 'dataref'"]);
    expect(check({ ...NOTIFICATION, classification: 'medical' }, HEADERS)).toEqual([
      'body/classification must be equal to one of the allowed values',
    ]);
    expect(check(NOTIFICATION, { ...HEADERS, 'webhook-signature': 'sha256=abc' })).toEqual([
      expect.stringMatching(/^header webhook-signature does not match/),
    ]);
    expect(check(NOTIFICATION, { 'webhook-id': 'd-42', 'webhook-signature': HEADERS['webhook-signature'] })).toEqual([
      'header webhook-timestamp is missing',
    ]);
  });
});
