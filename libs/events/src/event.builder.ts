import { randomUUID } from 'node:crypto';
import { eventSchemaOf, type KetenpadEventDataMap, type KetenpadEventType } from '@ketenpad/contracts';
import type { EventEnvelope } from './envelope';

/** A catalogue event with its `data` typed by its `type`. */
export type KetenpadEvent<T extends KetenpadEventType = KetenpadEventType> = EventEnvelope<KetenpadEventDataMap[T], T>;

/** Any catalogue event, as a union discriminated on `type` (switch on `event.type` to narrow `data`). */
export type AnyKetenpadEvent = { [T in KetenpadEventType]: KetenpadEvent<T> }[KetenpadEventType];

/** Kinds of organisation that appear as CloudEvents `source`. */
export type OrganisationKind =
  | 'municipality'
  | 'social-work'
  | 'court-liaison'
  | 'gp'
  | 'timeline'
  | 'partner-gateway'
  | 'partner';

/** What a producer knows when it raises an event; the rest of the envelope follows from the registry. */
export interface BuildEventInput<T extends KetenpadEventType> {
  /** Full event type, e.g. `nl.ketenpad.municipality.help-requested.v1`. */
  readonly type: T;
  /** Producing organisation URN; see {@link sourceFor}. */
  readonly source: string;
  /** Pseudonymous pathway id (UUID); becomes `pathwayid` and the Kafka key. */
  readonly pathwayId: string;
  /** The event's facts. */
  readonly data: KetenpadEventDataMap[T];
  /** Event id; a new UUID when omitted. Set it only to rebuild an event that already has one. */
  readonly id?: string;
  /** When the fact happened (ISO 8601); now when omitted. */
  readonly time?: string;
  /** W3C trace context of the causing request. */
  readonly traceparent?: string;
  /** Correlation id of the causing request. */
  readonly correlationId?: string;
}

const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The CloudEvents `source` of an organisation: `urn:nld:ketenpad:<kind>:<orgId>`. Organisation ids
 * are organisation data (e.g. CBS code `GM0363`), never a person's identifier.
 */
export function sourceFor(orgKind: OrganisationKind, orgId: string): string {
  if (!ORG_ID.test(orgId)) {
    throw new Error(`Organisation id "${orgId}" must match ${ORG_ID.source}`);
  }
  return `urn:nld:ketenpad:${orgKind}:${orgId}`;
}

/**
 * The CloudEvents `source` of a Ketenpad service itself (`urn:nld:ketenpad:<kind>`), for what a
 * service publishes on its own account (its erasure answer, a timeline alert, a delivery report):
 * the context without an organisation segment, so it can never be mistaken for an organisation,
 * never be a participant and never be claimed by a token. Sources of the older form
 * `urn:nld:ketenpad:<kind>:ketenpad` are still read as service-level (`isServiceLevelSource`).
 */
export function serviceSourceFor(kind: string): string {
  if (!/^[a-z][a-z-]*$/.test(kind)) throw new Error(`Service kind "${kind}" must be lower-case letters and dashes`);
  return `urn:nld:ketenpad:${kind}`;
}

/**
 * Builds the envelope of a catalogue event. `classification` and `dataschema` come from the
 * event's schema in contracts/, so a producer cannot label an event less sensitive than it is.
 * Building does not validate; the {@link EventCodec} does, on produce and on consume.
 */
export function buildEvent<T extends KetenpadEventType>(input: BuildEventInput<T>): KetenpadEvent<T> {
  const entry = eventSchemaOf(input.type);
  if (!entry) {
    throw new Error(`Unknown event type ${input.type}`);
  }
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    time: input.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: entry.schemaId,
    pathwayid: input.pathwayId,
    classification: entry.classification,
    ...(input.traceparent === undefined ? {} : { traceparent: input.traceparent }),
    ...(input.correlationId === undefined ? {} : { correlationid: input.correlationId }),
    data: input.data,
  };
}
