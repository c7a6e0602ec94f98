import path from 'node:path';
import {
  EVENT_CLASSIFICATIONS,
  createContractsAjv,
  eventTypeNames,
  loadCommonSchemas,
  loadEnvelopeSchema,
  loadEventSchemas,
  schemasDir,
  topicOfEventType,
  type JsonSchemaDocument,
} from '../src';

type Schema = Record<string, unknown>;

/** Property names that hint at direct identifiers or health data (DESIGN.md privacy rules 1 and 2). */
const PERSONAL_DATA_NAME =
  /bsn|burgerservice|name|naam|address|adres|street|straat|postcode|zip|house|huisnummer|phone|telefoon|mobile|mail|birth|geboorte|gender|geslacht|iban|diagnos|medical|medisch|symptom|health(?!-)|zorgverzeker/i;

/** Every (owner, property name, property schema) in a schema, nested objects and $defs included. */
function propertiesOf(schema: unknown, owner: string): { owner: string; name: string; schema: Schema }[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Schema;
  const found: { owner: string; name: string; schema: Schema }[] = [];
  if (node.properties && typeof node.properties === 'object') {
    for (const [name, child] of Object.entries(node.properties as Record<string, Schema>)) {
      found.push({ owner, name, schema: child });
    }
  }
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') {
      found.push(...(Array.isArray(value) ? value.flatMap((v) => propertiesOf(v, owner)) : propertiesOf(value, owner)));
    }
  }
  return found;
}

/** Every object schema (one with `properties`) in a schema. */
function objectSchemasOf(schema: unknown, at: string): { at: string; schema: Schema }[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Schema;
  const found = node.properties ? [{ at, schema: node }] : [];
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'examples' && value && typeof value === 'object') found.push(...objectSchemasOf(value, `${at}/${key}`));
  }
  return found;
}

const entries = loadEventSchemas();
const allDocuments: { file: string; schema: JsonSchemaDocument }[] = [
  ...entries.map((e) => ({ file: path.relative(schemasDir, e.schemaPath), schema: e.schema })),
  ...loadCommonSchemas().map((schema) => ({ file: String(schema.$id), schema })),
  { file: 'cloudevents/envelope.schema.json', schema: loadEnvelopeSchema() },
];

describe('event schemas', () => {
  const ajv = createContractsAjv();

  it('cover the whole EVENTS.md catalogue of every producer, the shared referral events and the alerts included', () => {
    // given
    const types = entries.map((e) => e.type);

    // then
    expect(types).toHaveLength(74);
    expect(types).toEqual(
      expect.arrayContaining([
        'nl.ketenpad.municipality.help-requested.v1',
        'nl.ketenpad.municipality.phase-changed.v1',
        'nl.ketenpad.municipality.deadline-changed.v1',
        'nl.ketenpad.municipality.referral-made.v1',
        'nl.ketenpad.social-work.referral-accepted.v1',
        'nl.ketenpad.court-liaison.case-owner-changed.v1',
        'nl.ketenpad.gp.referral-made.v1',
        'nl.ketenpad.gp.referral-outcome-received.v1',
        'nl.ketenpad.timeline.deadline-breached.v1',
        'nl.ketenpad.timeline.referral-waiting-too-long.v1',
        'nl.ketenpad.partner-gateway.subscription-failing.v1',
      ]),
    );
    expect([...eventTypeNames]).toEqual(types);
  });

  it.each(entries.map((e) => [e.type, e] as const))(
    '%s has an $id matching its file, a title, a type, a classification and an example',
    (_type, entry) => {
      // then
      expect(entry.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(entry.schemaId).toBe(
        `https://ketenpad.nl/contracts/schemas/${entry.producer}/${entry.name}.v${entry.version}.schema.json`,
      );
      expect(typeof entry.schema.title).toBe('string');
      expect(typeof entry.schema.description).toBe('string');
      expect(EVENT_CLASSIFICATIONS).toContain(entry.classification);
      expect(entry.examples.length).toBeGreaterThan(0);
      expect(topicOfEventType(entry.type).producer).toBe(entry.producer);
    },
  );

  it.each(entries.map((e) => [e.type, e] as const))('%s accepts its own examples', (_type, entry) => {
    // given
    const validate = ajv.getSchema(entry.schemaId)!;

    // when
    const results = entry.examples.map((example) => ({ valid: validate(example), errors: validate.errors }));

    // then
    for (const result of results) expect(result).toEqual({ valid: true, errors: null });
  });

  it.each(entries.map((e) => [e.type, e] as const))(
    '%s rejects an unknown property and a missing required field',
    (_type, entry) => {
      // given
      const validate = ajv.getSchema(entry.schemaId)!;
      const example = entry.examples[0]!;
      const [firstRequired] = entry.schema.required as string[];
      const { [firstRequired!]: _dropped, ...withoutRequired } = example;

      // then
      expect(validate({ ...example, residentName: 'x' })).toBe(false);
      expect(validate(withoutRequired)).toBe(false);
    },
  );

  it.each(allDocuments.map((d) => [d.file, d.schema] as const))(
    '%s forbids additional properties on every object',
    (_file, schema) => {
      // when
      const open = objectSchemasOf(schema, '#').filter((o) => o.schema.additionalProperties !== false);

      // then
      expect(open.map((o) => o.at)).toEqual([]);
    },
  );

  it.each(allDocuments.map((d) => [d.file, d.schema] as const))('%s describes every property', (_file, schema) => {
    // when
    const undocumented = propertiesOf(schema, '#').filter(
      (p) => typeof p.schema.description !== 'string' || p.schema.description.length < 5,
    );

    // then
    expect(undocumented.map((p) => p.name)).toEqual([]);
  });

  it('has no property whose name suggests personal or health data in any schema', () => {
    // when
    const suspicious = allDocuments.flatMap((d) =>
      propertiesOf(d.schema, d.file)
        .filter((p) => PERSONAL_DATA_NAME.test(p.name))
        .map((p) => `${p.owner}: ${p.name}`),
    );

    // then
    expect(suspicious).toEqual([]);
  });

  it('requires a consent reference on a GP referral but not on a municipality referral', () => {
    // given
    const gp = entries.find((e) => e.type === 'nl.ketenpad.gp.referral-made.v1')!;
    const municipality = entries.find((e) => e.type === 'nl.ketenpad.municipality.referral-made.v1')!;
    const { consentRef: _gpConsent, ...gpWithout } = gp.examples[0]!;
    const { consentRef: _municipalityConsent, ...municipalityWithout } = municipality.examples[0]!;

    // then
    expect(ajv.getSchema(gp.schemaId)!(gpWithout)).toBe(false);
    expect(ajv.getSchema(municipality.schemaId)!(municipalityWithout)).toBe(true);
  });

  it('takes the DDAS code lists verbatim from the official exchange model', () => {
    // given
    const ddas = loadCommonSchemas().find((s) => String(s.$id).endsWith('/ddas-codes.schema.json'))!;
    const defs = ddas.$defs as Record<string, { enum: string[] }>;

    // then
    expect(defs.uitstroomreden!.enum).toEqual(
      expect.arrayContaining(['Afgerond', 'Nietverschenen', 'Niet passend', 'Voldoet niet', 'Zelf']),
    );
    expect(defs.begeleidingssoort!.enum).toContain('Lange Termijn Begeleiding (DFD)');
    expect(defs.oplossingssoort!.enum).toContain('0%-aanbod');
    expect(defs.beschikkingssoort!.enum).toEqual(['Toelatingsbeschikking', 'Afwijzingsbeschikking']);
    expect(defs.signaalpartner!.enum).toContain('CAK Zorgverzekeringen');
  });

  it('accepts a help request without crisis and rejects an unknown crisis type or a malformed municipality code', () => {
    // given
    const validate = ajv.getSchema('https://ketenpad.nl/contracts/schemas/municipality/help-requested.v1.schema.json')!;
    const base = {
      channel: 'balie',
      requestedAt: '2025-03-03T10:15:00Z',
      crisis: null,
      firstConversationDue: '2025-03-31',
      municipalityCode: 'GM0363',
    };

    // then
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, crisis: { type: 'flood' } })).toBe(false);
    expect(validate({ ...base, municipalityCode: 'Amsterdam' })).toBe(false);
    expect(validate({ ...base, firstConversationDue: '31-03-2025' })).toBe(false);
  });

  it('accepts the envelope example and rejects an envelope with an extra attribute', () => {
    // given
    const envelope = loadEnvelopeSchema();
    const validate = ajv.getSchema(String(envelope.$id))!;
    const example = (envelope.examples as Record<string, unknown>[])[0]!;

    // then
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, subject: 'Jan Jansen' })).toBe(false);
    expect(validate({ ...example, source: 'https://example.org' })).toBe(false);
  });
});
