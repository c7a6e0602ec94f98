import { loadEventSchemas } from '@ketenpad/contracts';
import { EventCodec, InvalidEventError, buildEvent, isEventOfType, sourceFor, type EventEnvelope } from '../src';

const pathwayId = '9b2e4c6a-1d3f-4e5a-8b7c-6d5e4f3a2b1c';
const codec = EventCodec.shared();

function helpRequested(): EventEnvelope {
  return buildEvent({
    type: 'nl.ketenpad.municipality.help-requested.v1',
    source: sourceFor('municipality', 'GM0363'),
    pathwayId,
    data: {
      channel: 'balie',
      requestedAt: '2025-03-03T10:15:00Z',
      crisis: { type: 'eviction' },
      firstConversationDue: '2025-03-06',
      municipalityCode: 'GM0363',
    },
    correlationId: 'req-42',
  });
}

function errorOf(action: () => unknown): InvalidEventError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('EventCodec', () => {
  it('round-trips a valid event unchanged through encode and decode', () => {
    // given
    const event = helpRequested();

    // when
    const decoded = codec.decode(codec.encode(event));

    // then
    expect(decoded).toEqual(event);
  });

  it('round-trips the example of every event type in the catalogue', () => {
    // given
    const events = loadEventSchemas().map((entry) =>
      buildEvent({
        type: entry.type,
        source: sourceFor(entry.producer, 'org-1'),
        pathwayId,
        data: entry.examples[0] as never,
      }),
    );

    // when
    const decoded = events.map((event) => codec.decode(codec.encode(event).toString('utf8')));

    // then
    expect(decoded).toEqual(events);
  });

  it('rejects invalid data on encode with the path of the offending field', () => {
    // given
    const event = helpRequested();
    const invalid = { ...event, data: { ...event.data, crisis: { type: 'flood' } } };

    // when
    const error = errorOf(() => codec.encode(invalid));

    // then
    expect(error.errors[0]!.path).toMatch(/^\/data\/crisis/);
  });

  it('names a missing required data field in the error path', () => {
    // given
    const { municipalityCode: _dropped, ...data } = helpRequested().data;

    // when
    const error = errorOf(() => codec.encode({ ...helpRequested(), data }));

    // then
    expect(error.errors).toEqual([
      { path: '/data/municipalityCode', message: "must have required property 'municipalityCode'" },
    ]);
  });

  it('rejects a value that is not JSON on decode', () => {
    // when
    const error = errorOf(() => codec.decode(Buffer.from('{"specversion":"1.0",', 'utf8')));

    // then
    expect(error.message).toMatch(/^Event is not JSON/);
    expect(error.errors[0]!.path).toBe('');
  });

  it('rejects a tampered event on decode: data changed to an invalid amount', () => {
    // given
    const event = buildEvent({
      type: 'nl.ketenpad.municipality.debts-inventoried.v1',
      source: sourceFor('municipality', 'GM0363'),
      pathwayId,
      data: { creditorCount: 3, totalDebtCents: 250000, debtTypes: ['Nuts'], at: '2025-03-10T09:30:00Z' },
    });
    const tampered = codec.encode(event).toString('utf8').replace('250000', '2500.50');

    // when
    const error = errorOf(() => codec.decode(tampered));

    // then
    expect(error.errors).toEqual([{ path: '/data/totalDebtCents', message: 'must be integer' }]);
  });

  it('rejects an unknown event type on decode', () => {
    // given
    const unknown = JSON.stringify({ ...helpRequested(), type: 'nl.ketenpad.municipality.resident-moved.v1' });

    // when
    const error = errorOf(() => codec.decode(unknown));

    // then
    expect(error.errors).toEqual([
      { path: '/type', message: 'unknown event type nl.ketenpad.municipality.resident-moved.v1' },
    ]);
  });

  it('rejects an envelope carrying a personal-data-like extra attribute', () => {
    // given
    const withBsn = { ...helpRequested(), bsn: '123456782' };

    // when
    const error = errorOf(() => codec.encode(withBsn));

    // then
    expect(error.errors).toEqual([{ path: '/bsn', message: 'is not allowed (additional property)' }]);
  });

  it('rejects personal data smuggled into data as an extra field', () => {
    // given
    const event = helpRequested();

    // when
    const error = errorOf(() => codec.encode({ ...event, data: { ...event.data, residentName: 'Jan Jansen' } }));

    // then
    expect(error.errors).toEqual([{ path: '/data/residentName', message: 'is not allowed (additional property)' }]);
  });

  it('rejects a classification, dataschema or source that does not match the event type', () => {
    // given
    const event = helpRequested();
    const relabelled = {
      ...event,
      classification: 'chain' as const,
      type: 'nl.ketenpad.municipality.early-signal-received.v1',
    };
    const foreignSource = { ...event, source: sourceFor('gp', 'hap-noord-01') };

    // when
    const relabelledPaths = codec.issuesOf(relabelled).map((issue) => issue.path);
    const sourcePaths = codec.issuesOf(foreignSource).map((issue) => issue.path);

    // then
    expect(relabelledPaths).toEqual(['/classification', '/dataschema', '/data/signalPartnerType']);
    expect(sourcePaths).toEqual(['/source']);
  });

  it('describes the Kafka headers of an event: id for dedupe, correlation id and trace parent when present', () => {
    // when
    const headers = codec.headersOf(helpRequested());

    // then
    expect(headers).toEqual({ id: expect.any(String), 'x-correlation-id': 'req-42' });
  });
});

describe('isEventOfType', () => {
  it('narrows a decoded envelope to the data type of the given event type', () => {
    // given
    const decoded = codec.decode(codec.encode(helpRequested()));

    // when
    const matches = isEventOfType(decoded, 'nl.ketenpad.municipality.help-requested.v1');
    const other = isEventOfType(decoded, 'nl.ketenpad.gp.referral-made.v1');

    // then
    expect(matches).toBe(true);
    expect(other).toBe(false);
    if (isEventOfType(decoded, 'nl.ketenpad.municipality.help-requested.v1')) {
      const due: string = decoded.data.firstConversationDue;
      expect(due).toBe('2025-03-06');
    }
  });
});
