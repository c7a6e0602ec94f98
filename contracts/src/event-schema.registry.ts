import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { envelopeSchemaPath, schemasDir } from './contracts.paths';
import type { KetenpadEventType } from './generated/events';

/** Who may see an event (DESIGN.md privacy rule 3); the CloudEvents `classification` extension. */
export type EventClassification = 'chain' | 'legal' | 'financial' | 'health-restricted';

/** Every classification, in order of increasing sensitivity. */
export const EVENT_CLASSIFICATIONS: readonly EventClassification[] = [
  'chain',
  'legal',
  'financial',
  'health-restricted',
];

/** The services that produce domain events, each on its own topic. */
export const EVENT_PRODUCERS = [
  'municipality',
  'social-work',
  'court-liaison',
  'gp',
  'timeline',
  'partner-gateway',
] as const;

/** A service that produces domain events. */
export type EventProducer = (typeof EVENT_PRODUCERS)[number];

/** A parsed JSON Schema document. */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/** One event type of the catalogue, read from its schema file. */
export interface EventSchemaEntry {
  /** Full CloudEvents type, e.g. `nl.ketenpad.municipality.help-requested.v1`. */
  readonly type: KetenpadEventType;
  /** Producing service, e.g. `municipality`. */
  readonly producer: EventProducer;
  /** Event name without producer and version, e.g. `help-requested`. */
  readonly name: string;
  /** Major version of the type; an incompatible change is a new version. */
  readonly version: number;
  /** Visibility class every event of this type carries. */
  readonly classification: EventClassification;
  /** `$id` of the schema; goes into the envelope's `dataschema`. */
  readonly schemaId: string;
  /** The JSON Schema of `data`. */
  readonly schema: JsonSchemaDocument;
  /** Absolute path of the schema file. */
  readonly schemaPath: string;
  /** Valid `data` examples from the schema. */
  readonly examples: readonly Record<string, unknown>[];
}

const SCHEMA_FILE = /^([a-z][a-z-]*)\.v([1-9][0-9]*)\.schema\.json$/;

let cachedEntries: readonly EventSchemaEntry[] | undefined;

function readJson(file: string): JsonSchemaDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSchemaDocument;
}

function entryOf(producer: EventProducer, file: string): EventSchemaEntry {
  const match = SCHEMA_FILE.exec(file);
  if (!match) {
    throw new Error(`Schema file ${producer}/${file} is not named <event-name>.v<N>.schema.json`);
  }
  const [, name = '', version = ''] = match;
  const schemaPath = path.join(schemasDir, producer, file);
  const schema = readJson(schemaPath);
  const type = `nl.ketenpad.${producer}.${name}.v${version}`;
  if (schema['x-ketenpad-type'] !== type) {
    throw new Error(`${schemaPath}: x-ketenpad-type must be ${type}`);
  }
  const classification = schema['x-ketenpad-classification'];
  if (!EVENT_CLASSIFICATIONS.includes(classification as EventClassification)) {
    throw new Error(`${schemaPath}: x-ketenpad-classification must be one of ${EVENT_CLASSIFICATIONS.join(', ')}`);
  }
  const schemaId = schema.$id;
  if (typeof schemaId !== 'string') {
    throw new Error(`${schemaPath}: $id is missing`);
  }
  const examples = Array.isArray(schema.examples) ? (schema.examples as Record<string, unknown>[]) : [];
  return Object.freeze({
    type: type as KetenpadEventType,
    producer,
    name,
    version: Number(version),
    classification: classification as EventClassification,
    schemaId,
    schema,
    schemaPath,
    examples,
  });
}

/**
 * Every event schema of the catalogue, ordered by producer then file name. Read from disk once
 * per process and cached: the codec and the tests share the same parsed documents.
 */
export function loadEventSchemas(): readonly EventSchemaEntry[] {
  cachedEntries ??= Object.freeze(
    EVENT_PRODUCERS.flatMap((producer) =>
      readdirSync(path.join(schemasDir, producer))
        .filter((file) => file.endsWith('.schema.json'))
        .sort()
        .map((file) => entryOf(producer, file)),
    ),
  );
  return cachedEntries;
}

/** The shared definitions in `schemas/common/`, referenced by the event schemas. */
export function loadCommonSchemas(): JsonSchemaDocument[] {
  const dir = path.join(schemasDir, 'common');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => readJson(path.join(dir, file)));
}

/** The CloudEvents envelope schema (contracts/cloudevents/envelope.schema.json). */
export function loadEnvelopeSchema(): JsonSchemaDocument {
  return readJson(envelopeSchemaPath);
}

/** The catalogue entry of `type`, or undefined when the type is unknown. */
export function eventSchemaOf(type: string): EventSchemaEntry | undefined {
  return loadEventSchemas().find((entry) => entry.type === type);
}
