import path from 'node:path';
import { Parser, fromFile, type AsyncAPIDocumentInterface, type Diagnostic } from '@asyncapi/parser';
import { asyncApiDir, loadEventSchemas, topicOfProducer, EVENT_PRODUCERS } from '../src';

import { DiagnosticSeverity } from '@asyncapi/parser';

interface Parsed {
  document: AsyncAPIDocumentInterface | undefined;
  diagnostics: Diagnostic[];
}

describe('AsyncAPI documents', () => {
  const parser = new Parser();
  const parsed = new Map<string, Parsed>();

  beforeAll(async () => {
    // Parsing resolves every $ref into contracts/schemas, so it is done once per document.
    for (const producer of EVENT_PRODUCERS) {
      const file = path.join(asyncApiDir, `${producer}.asyncapi.yaml`);
      parsed.set(producer, await fromFile(parser, file).parse());
    }
  });

  it.each(EVENT_PRODUCERS)('%s parses with zero errors', (producer) => {
    // when
    const { document, diagnostics } = parsed.get(producer)!;

    // then
    expect(
      diagnostics
        .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
        .map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`),
    ).toEqual([]);
    expect(document).toBeDefined();
  });

  it.each(EVENT_PRODUCERS)(
    '%s sends one message per event schema of the producer on its topic, keyed by pathway id',
    (producer) => {
      // given
      const document = parsed.get(producer)!.document!;
      const expectedTypes = loadEventSchemas()
        .filter((e) => e.producer === producer)
        .map((e) => e.type);

      // when
      const channels = document.channels().all();
      const operation = document.operations().all()[0]!;
      const messageNames = operation
        .messages()
        .all()
        .map((m) => m.name());

      // then
      expect(channels.map((c) => c.address())).toEqual([topicOfProducer(producer).name]);
      expect(operation.action()).toBe('send');
      expect(messageNames.sort()).toEqual([...expectedTypes].sort());
      for (const message of operation.messages().all()) {
        expect(message.contentType()).toBe('application/cloudevents+json');
        expect(message.bindings().get('kafka')?.value<{ key: { format: string } }>().key.format).toBe('uuid');
        // the headers the outbox writes (libs/messaging outbox.writer.ts), content-type per the CloudEvents Kafka binding
        const headers = message.headers();
        expect(Object.keys(headers?.properties() ?? {}).sort()).toEqual([
          'content-type',
          'id',
          'traceparent',
          'type',
          'x-correlation-id',
        ]);
        expect(headers?.required()).toEqual(['content-type', 'id', 'type']);
        expect(headers?.properties()?.['content-type']?.const()).toBe('application/cloudevents+json; charset=utf-8');
      }
    },
  );

  it('resolves the message payload to the CloudEvents envelope with the event schema as data', () => {
    // given
    const document = parsed.get('municipality')!.document!;
    const message = document
      .messages()
      .all()
      .find((m) => m.name() === 'nl.ketenpad.municipality.help-requested.v1')!;

    // when
    const [envelope, specific] = message.payload()!.allOf()!;

    // then
    expect(Object.keys(envelope!.properties() ?? {})).toEqual(
      expect.arrayContaining(['specversion', 'pathwayid', 'classification', 'data']),
    );
    const data = specific!.properties()!.data!;
    expect(Object.keys(data.properties() ?? {})).toEqual(
      expect.arrayContaining(['channel', 'requestedAt', 'crisis', 'firstConversationDue', 'municipalityCode']),
    );
  });
});
