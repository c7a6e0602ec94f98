/**
 * Who may see an event (DESIGN.md, privacy rule 3). The timeline and every
 * reader filter on it; it travels as the CloudEvents extension `classification`.
 */
export type Classification = 'chain' | 'legal' | 'financial' | 'health-restricted';

/**
 * A Ketenpad domain event in the CloudEvents 1.0 envelope, following the NL GOV
 * profile for CloudEvents. Carried on Kafka in structured mode: the whole
 * envelope is the message value, the key is `pathwayid`.
 */
export interface EventEnvelope<TData = Record<string, unknown>, TType extends string = string> {
  /** CloudEvents version; always `1.0`. */
  readonly specversion: '1.0';
  /** UUID generated once when the event is written to the outbox; consumers dedupe on it. */
  readonly id: string;
  /** URN of the producing organisation, e.g. `urn:nld:ketenpad:municipality:GM0363`. */
  readonly source: string;
  /** Reverse-DNS, versioned type, e.g. `nl.ketenpad.municipality.help-requested.v1`. */
  readonly type: TType;
  /** When the fact happened in the producing service (ISO 8601, UTC). */
  readonly time: string;
  /** Always `application/json`. */
  readonly datacontenttype: 'application/json';
  /** URI of the JSON Schema of `data` in contracts/. */
  readonly dataschema: string;
  /** Pseudonymous pathway id (random UUID); also the Kafka key. Never personal data. */
  readonly pathwayid: string;
  /** Visibility class of the event. */
  readonly classification: Classification;
  /** W3C trace context of the request that caused the event, when known. */
  readonly traceparent?: string;
  /** Correlation id of the request that caused the event, when known. */
  readonly correlationid?: string;
  /** The event's facts; validated against `dataschema`. */
  readonly data: TData;
}
