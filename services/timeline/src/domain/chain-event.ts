/**
 * The timeline's view of any chain event: the envelope facts it needs, independent
 * of Kafka and of the producer's own model.
 */
export interface ChainEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly pathwayId: string;
  readonly classification: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface EventTypeName {
  producer: string;
  name: string;
  version: number;
}

const TYPE_PATTERN = /^nl\.ketenpad\.([a-z-]+)\.([a-z-]+)\.v(\d+)$/;

/** `nl.ketenpad.municipality.help-requested.v1` -> { producer, name, version }. */
export function parseEventType(type: string): EventTypeName | undefined {
  const match = TYPE_PATTERN.exec(type);
  if (!match) return undefined;
  return { producer: match[1]!, name: match[2]!, version: Number(match[3]) };
}

export interface OrganisationRef {
  kind: string;
  id: string;
}

const SOURCE_PATTERN = /^urn:nld:ketenpad:([a-z-]+):([A-Za-z0-9._-]+)$/;

/** `urn:nld:ketenpad:municipality:GM0363` -> { kind: 'municipality', id: 'GM0363' }. */
export function parseSource(source: string): OrganisationRef | undefined {
  const match = SOURCE_PATTERN.exec(source);
  return match ? { kind: match[1]!, id: match[2]! } : undefined;
}

const SERVICE_SOURCE_PATTERN = /^urn:nld:ketenpad:([a-z-]+)$/;

/** `urn:nld:ketenpad:gp` (the GP service on its own account, no organisation) -> 'gp'. */
export function serviceKindOf(source: string): string | undefined {
  return SERVICE_SOURCE_PATTERN.exec(source)?.[1];
}

export function str(data: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

export function bool(data: Readonly<Record<string, unknown>>, key: string): boolean | undefined {
  const value = data[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function num(data: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = data[key];
  return typeof value === 'number' ? value : undefined;
}
