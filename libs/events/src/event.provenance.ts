import { eventSchemaOf, topicNamed } from '@ketenpad/contracts';
import type { EventEnvelope } from './envelope';
import { InvalidEventError, type EventValidationIssue } from './event.codec';

/** `urn:nld:ketenpad:<kind>:<orgId>` (an organisation) or `urn:nld:ketenpad:<kind>` (the service itself) → kind. */
const SOURCE_URN = /^urn:nld:ketenpad:([a-z][a-z-]*)(?::[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/;

/**
 * Thrown for an event that a topic's producer did not (or could not) publish: a type of another
 * producer, a type the producer does not declare in contracts/, or a `source` of another kind of
 * organisation. Not transient: such a message is dead-lettered at once, before any handler sees it.
 */
export class ForgedEventError extends InvalidEventError {
  constructor(
    /** Topic the message was read from. */
    readonly topic: string,
    errors: readonly EventValidationIssue[],
  ) {
    super(`Event not accepted on topic ${topic}`, errors);
    this.name = 'ForgedEventError';
  }
}

export interface ProvenanceOptions {
  /**
   * Default true: a type with the producer's prefix that contracts/ does not declare is an issue.
   * False only looks for another producer's type or source (an unknown type of the right producer,
   * e.g. a newer version, is then left to the codec as merely undecodable).
   */
  readonly requireDeclaredType?: boolean;
}

/**
 * The provenance rule (issue 12, finding 3), from contracts/ alone: a topic carries only the
 * event types its producer declares (`contracts/topics.json` producer and type prefix, and a schema
 * under `contracts/schemas/<producer>/`), and only with a `source` of the producing context
 * (`urn:nld:ketenpad:<producer>:<orgId>`, or `urn:nld:ketenpad:<producer>` for the service itself). Every producer publishes with its own kind, so one writer to a
 * topic cannot speak for another organisation kind, and no event type can be smuggled in on a topic
 * other than its producer's. Returns every issue (empty when the event may be on `topic`); never throws.
 */
export function provenanceIssuesOf(
  envelope: Pick<EventEnvelope<unknown>, 'type' | 'source'>,
  topic: string,
  options: ProvenanceOptions = {},
): EventValidationIssue[] {
  const owner = topicNamed(topic);
  if (!owner) return [{ path: '', message: `topic ${topic} carries no domain events (not in contracts/topics.json)` }];
  const issues: EventValidationIssue[] = [];
  const type = String(envelope.type);
  const declared = eventSchemaOf(type);
  if (!type.startsWith(owner.eventTypePrefix) || (declared !== undefined && declared.producer !== owner.producer)) {
    issues.push({
      path: '/type',
      message: `${type} is not produced by ${owner.producer}, the only producer on ${topic}`,
    });
  } else if (declared === undefined && options.requireDeclaredType !== false) {
    issues.push({ path: '/type', message: `${type} is not declared by ${owner.producer} in contracts/` });
  }
  const kind = SOURCE_URN.exec(String(envelope.source))?.[1];
  if (kind !== owner.producer) {
    issues.push({
      path: '/source',
      message:
        kind === undefined
          ? `must be an organisation URN urn:nld:ketenpad:${owner.producer}:<orgId> or the service's urn:nld:ketenpad:${owner.producer}`
          : `an organisation of kind ${kind} may not publish on ${topic}, only ${owner.producer}`,
    });
  }
  return issues;
}

/** Throws {@link ForgedEventError} unless the event may be on `topic` (see {@link provenanceIssuesOf}). */
export function assertProvenance(
  envelope: Pick<EventEnvelope<unknown>, 'type' | 'source'>,
  topic: string,
  options: ProvenanceOptions = {},
): void {
  const issues = provenanceIssuesOf(envelope, topic, options);
  if (issues.length > 0) throw new ForgedEventError(topic, issues);
}
