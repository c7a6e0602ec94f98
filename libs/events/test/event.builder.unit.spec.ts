import { buildEvent, sourceFor } from '../src';

const pathwayId = '9b2e4c6a-1d3f-4e5a-8b7c-6d5e4f3a2b1c';

describe('buildEvent', () => {
  it('takes classification and dataschema from the contract of the event type', () => {
    // when
    const event = buildEvent({
      type: 'nl.ketenpad.municipality.debts-inventoried.v1',
      source: sourceFor('municipality', 'GM0363'),
      pathwayId,
      data: { creditorCount: 3, totalDebtCents: 250000, debtTypes: ['Nuts'], at: '2025-03-10T09:30:00Z' },
    });

    // then
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'nl.ketenpad.municipality.debts-inventoried.v1',
      source: 'urn:nld:ketenpad:municipality:GM0363',
      datacontenttype: 'application/json',
      dataschema: 'https://ketenpad.nl/contracts/schemas/municipality/debts-inventoried.v1.schema.json',
      pathwayid: pathwayId,
      classification: 'financial',
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(event.time))).toBe(false);
  });

  it('keeps a given id, time, trace parent and correlation id and omits absent ones', () => {
    // given
    const base = {
      type: 'nl.ketenpad.gp.patient-consent-withdrawn.v1' as const,
      source: sourceFor('gp', 'hap-noord-01'),
      pathwayId,
      data: { consentId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d', at: '2025-03-10T09:30:00Z' },
    };

    // when
    const traced = buildEvent({
      ...base,
      id: '2d1f7a0e-8c4b-4f3a-9e6d-5b2c1a0f9e8d',
      time: '2025-03-10T09:30:01Z',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      correlationId: 'req-1',
    });
    const untraced = buildEvent(base);

    // then
    expect(traced).toMatchObject({
      id: '2d1f7a0e-8c4b-4f3a-9e6d-5b2c1a0f9e8d',
      time: '2025-03-10T09:30:01Z',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      correlationid: 'req-1',
      classification: 'health-restricted',
    });
    expect('traceparent' in untraced).toBe(false);
    expect('correlationid' in untraced).toBe(false);
  });

  it('refuses an unknown event type', () => {
    // when
    const build = () =>
      buildEvent({
        type: 'nl.ketenpad.municipality.unknown.v1' as never,
        source: sourceFor('municipality', 'GM0363'),
        pathwayId,
        data: {} as never,
      });

    // then
    expect(build).toThrow('Unknown event type nl.ketenpad.municipality.unknown.v1');
  });
});

describe('sourceFor', () => {
  it('builds the organisation URN and rejects an organisation id that is not a plain token', () => {
    // then
    expect(sourceFor('social-work', 'mw-amsterdam-noord')).toBe('urn:nld:ketenpad:social-work:mw-amsterdam-noord');
    expect(() => sourceFor('gp', 'dr. J. Jansen')).toThrow('Organisation id "dr. J. Jansen" must match');
  });
});
