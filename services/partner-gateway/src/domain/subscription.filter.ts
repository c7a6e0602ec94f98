/** The fields of a chain event a subscription filters on; never the event's data. */
export interface NotificationFacts {
  readonly type: string;
  readonly classification: string;
  readonly pathwayId: string;
  /** CBS code of the municipality responsible for the pathway, when the gateway knows it. */
  readonly municipalityCode: string | null;
}

/** What a partner asked to hear about. Empty lists mean "no restriction". */
export interface SubscriptionFilter {
  /** Exact event types, or prefixes ending in `*` (`nl.ketenpad.municipality.*`). At least one. */
  readonly eventTypes: readonly string[];
  readonly municipalities: readonly string[];
  readonly classifications: readonly string[];
  /** Only these pathways (each still subject to entitlement). */
  readonly pathwayIds: readonly string[];
}

/** Whether an event type matches one subscribed pattern: exact, or prefix with a trailing `*`. */
export function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/**
 * Whether the event falls within what the subscription asked for. Entitlement
 * is a separate question ({@link mayReceive}): a filter only ever narrows.
 * A municipality filter excludes pathways whose municipality is unknown.
 */
export function matchesFilter(filter: SubscriptionFilter, facts: NotificationFacts): boolean {
  if (!filter.eventTypes.some((pattern) => typeMatches(pattern, facts.type))) return false;
  if (filter.classifications.length > 0 && !filter.classifications.includes(facts.classification)) return false;
  if (filter.pathwayIds.length > 0 && !filter.pathwayIds.includes(facts.pathwayId)) return false;
  if (
    filter.municipalities.length > 0 &&
    (facts.municipalityCode === null || !filter.municipalities.includes(facts.municipalityCode))
  )
    return false;
  return true;
}
