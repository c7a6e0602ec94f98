import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  createContractsAjv,
  loadEnvelopeSchema,
  loadEventSchemas,
  type EventClassification,
  type EventSchemaEntry,
  type KetenpadEventType,
} from '@ketenpad/contracts';
import type { Classification, EventEnvelope } from './envelope';
import type { KetenpadEvent } from './event.builder';

/** One reason an event is invalid. */
export interface EventValidationIssue {
  /** JSON Pointer into the envelope, e.g. `/data/crisis/type` (empty for the whole value). */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

/** Thrown by the codec for a value that is not a valid catalogue event; carries field-level issues. */
export class InvalidEventError extends Error {
  constructor(
    message: string,
    /** Every issue found (at least one). */
    readonly errors: readonly EventValidationIssue[],
  ) {
    super(`${message}: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

// The envelope type and the contracts must name the same classifications.
type SameClassifications = [Classification] extends [EventClassification]
  ? [EventClassification] extends [Classification]
    ? true
    : never
  : never;
const classificationsAgree: SameClassifications = true;
void classificationsAgree;

interface DataContract {
  readonly entry: EventSchemaEntry;
  readonly validate: ValidateFunction;
}

/** Kafka headers of an event message, as described in the AsyncAPI documents. */
export type EventHeaders = Record<'id', string> & Partial<Record<'x-correlation-id' | 'traceparent', string>>;

/**
 * The one event codec (STYLE.md rule 2): validates the envelope and the `data` of every event
 * against contracts/ on produce (`encode`) and on consume (`decode`). Every schema is compiled
 * once in the constructor, so create one codec per process ({@link EventCodec.shared}) and reuse it
 * in hot paths.
 */
export class EventCodec {
  private static sharedInstance: EventCodec | undefined;

  private readonly validateEnvelope: ValidateFunction;
  private readonly contracts = new Map<string, DataContract>();

  constructor() {
    const ajv = createContractsAjv();
    this.validateEnvelope = ajv.getSchema(String(loadEnvelopeSchema().$id)) as ValidateFunction;
    for (const entry of loadEventSchemas()) {
      this.contracts.set(entry.type, { entry, validate: ajv.getSchema(entry.schemaId) as ValidateFunction });
    }
  }

  /** The process-wide codec; compiled on first use. */
  static shared(): EventCodec {
    EventCodec.sharedInstance ??= new EventCodec();
    return EventCodec.sharedInstance;
  }

  /** Validates and serialises an envelope as the Kafka message value (structured-mode CloudEvent). */
  encode(envelope: EventEnvelope<unknown>): Buffer {
    this.validate(envelope);
    return Buffer.from(JSON.stringify(envelope), 'utf8');
  }

  /** Parses and validates a Kafka message value; throws {@link InvalidEventError} for anything that is not a valid catalogue event. */
  decode(value: Buffer | string): EventEnvelope {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
    } catch (error: unknown) {
      throw new InvalidEventError('Event is not JSON', [
        { path: '', message: error instanceof Error ? error.message : String(error) },
      ]);
    }
    return this.validate(parsed);
  }

  /** Returns the value as a typed envelope when it is a valid catalogue event; throws {@link InvalidEventError} otherwise. */
  validate(value: unknown): EventEnvelope {
    const issues = this.issuesOf(value);
    if (issues.length > 0) {
      throw new InvalidEventError('Invalid event', issues);
    }
    return value as EventEnvelope;
  }

  /** Every issue with the value (empty when it is a valid catalogue event); never throws. */
  issuesOf(value: unknown): EventValidationIssue[] {
    if (!this.validateEnvelope(value)) {
      return issuesFrom(this.validateEnvelope.errors, '');
    }
    const envelope = value as EventEnvelope;
    const contract = this.contracts.get(envelope.type);
    if (!contract) {
      return [{ path: '/type', message: `unknown event type ${envelope.type}` }];
    }
    const { entry } = contract;
    const issues: EventValidationIssue[] = [];
    if (envelope.classification !== entry.classification) {
      issues.push({ path: '/classification', message: `must be ${entry.classification} for ${entry.type}` });
    }
    if (envelope.dataschema !== entry.schemaId) {
      issues.push({ path: '/dataschema', message: `must be ${entry.schemaId}` });
    }
    const context = `urn:nld:ketenpad:${entry.producer}`;
    if (envelope.source !== context && !envelope.source.startsWith(`${context}:`)) {
      issues.push({ path: '/source', message: `must be an organisation of kind ${entry.producer}` });
    }
    if (!contract.validate(envelope.data)) {
      issues.push(...issuesFrom(contract.validate.errors, '/data'));
    }
    return issues;
  }

  /** Kafka headers for an event: its id (for dedupe) and the trace and correlation ids when present. */
  headersOf(envelope: EventEnvelope<unknown>): EventHeaders {
    return {
      id: envelope.id,
      ...(envelope.correlationid === undefined ? {} : { 'x-correlation-id': envelope.correlationid }),
      ...(envelope.traceparent === undefined ? {} : { traceparent: envelope.traceparent }),
    };
  }
}

/** Narrows an envelope to a catalogue type, typing its `data`. */
export function isEventOfType<T extends KetenpadEventType>(
  envelope: EventEnvelope<unknown>,
  type: T,
): envelope is KetenpadEvent<T> {
  return envelope.type === type;
}

function issuesFrom(errors: ErrorObject[] | null | undefined, prefix: string): EventValidationIssue[] {
  return (errors ?? []).map((error) => {
    const params = error.params as { additionalProperty?: string; missingProperty?: string };
    const child = params.additionalProperty ?? params.missingProperty;
    const path = `${prefix}${error.instancePath}${child === undefined ? '' : `/${child}`}`;
    const message =
      params.additionalProperty === undefined
        ? (error.message ?? error.keyword)
        : 'is not allowed (additional property)';
    return { path, message };
  });
}
