import { loadCommonSchemas, loadEventSchemas, type EventSchemaEntry, type JsonSchemaDocument } from '../src';

/** The compatibility-relevant shape of one property: JSON types, allowed enum values, item shape. */
export interface PropertyShape {
  types: string[];
  formats?: string[];
  enum?: (string | number | boolean | null)[];
  items?: PropertyShape;
  properties?: Record<string, PropertyShape>;
  required?: string[];
}

/** The compatibility-relevant shape of an event type's `data`. */
export interface EventShape {
  required: string[];
  properties: Record<string, PropertyShape>;
}

type Schema = Record<string, unknown>;

function documentsById(): Map<string, JsonSchemaDocument> {
  const docs = new Map<string, JsonSchemaDocument>();
  for (const doc of [...loadCommonSchemas(), ...loadEventSchemas().map((e) => e.schema)]) {
    docs.set(doc.$id as string, doc);
  }
  return docs;
}

/** Follows a `$ref` relative to the `$id` of the document it appears in. */
function resolveRef(
  ref: string,
  baseId: string,
  docs: Map<string, JsonSchemaDocument>,
): { schema: Schema; baseId: string } {
  const url = new URL(ref, baseId);
  const fragment = decodeURIComponent(url.hash.replace(/^#/, ''));
  url.hash = '';
  const doc = docs.get(url.href);
  if (!doc) throw new Error(`Unresolvable $ref ${ref} from ${baseId}`);
  let node: unknown = doc;
  for (const token of fragment.split('/').filter(Boolean)) {
    node = (node as Schema)[token];
  }
  if (!node || typeof node !== 'object') throw new Error(`Unresolvable pointer in $ref ${ref} from ${baseId}`);
  return { schema: node as Schema, baseId: url.href };
}

function shapeOf(schema: Schema, baseId: string, docs: Map<string, JsonSchemaDocument>): PropertyShape {
  const types = new Set<string>();
  const enumValues = new Set<string | number | boolean | null>();
  const formats = new Set<string>();
  let items: PropertyShape | undefined;
  let properties: Record<string, PropertyShape> | undefined;
  let required: string[] | undefined;
  const visit = (node: Schema, base: string): void => {
    if (typeof node.$ref === 'string') {
      const target = resolveRef(node.$ref, base, docs);
      visit(target.schema, target.baseId);
    }
    for (const branch of [
      ...((node.oneOf as Schema[] | undefined) ?? []),
      ...((node.anyOf as Schema[] | undefined) ?? []),
    ]) {
      visit(branch, base);
    }
    const type = node.type;
    if (typeof type === 'string') types.add(type);
    if (Array.isArray(type)) type.forEach((t) => types.add(String(t)));
    if (typeof node.format === 'string') formats.add(node.format);
    if ('const' in node) {
      enumValues.add(node.const as string);
      types.add(node.const === null ? 'null' : typeof node.const);
    }
    if (Array.isArray(node.enum)) {
      for (const value of node.enum as (string | null)[]) {
        enumValues.add(value);
        types.add(value === null ? 'null' : typeof value);
      }
    }
    if (node.items && typeof node.items === 'object') items = shapeOf(node.items as Schema, base, docs);
    if (node.properties && typeof node.properties === 'object') {
      properties = {};
      for (const [name, child] of Object.entries(node.properties as Record<string, Schema>)) {
        properties[name] = shapeOf(child, base, docs);
      }
      required = [...((node.required as string[] | undefined) ?? [])].sort();
    }
  };
  visit(schema, baseId);
  const shape: PropertyShape = { types: [...types].sort() };
  if (formats.size > 0) shape.formats = [...formats].sort();
  // Enum values of a mixed schema (e.g. `null | enum`) keep null as a value so removing it counts as narrowing.
  const hasEnum = [...enumValues].some((v) => v !== null);
  if (hasEnum) shape.enum = [...enumValues].sort((a, b) => String(a).localeCompare(String(b)));
  if (items) shape.items = items;
  if (properties) {
    shape.properties = properties;
    shape.required = required;
  }
  return shape;
}

/** The shape of an event type's `data`, with every `$ref` followed. */
export function eventShapeOf(
  entry: EventSchemaEntry,
  docs: Map<string, JsonSchemaDocument> = documentsById(),
): EventShape {
  const shape = shapeOf(entry.schema as Schema, entry.schemaId, docs);
  return { required: shape.required ?? [], properties: shape.properties ?? {} };
}

/** The shape of every event type of the catalogue, keyed by type. */
export function catalogueShapes(): Record<string, EventShape> {
  const docs = documentsById();
  const shapes: Record<string, EventShape> = {};
  for (const entry of loadEventSchemas()) {
    shapes[entry.type] = eventShapeOf(entry, docs);
  }
  return shapes;
}

/**
 * The ways `current` breaks readers or writers of `baseline` (empty when compatible). Within one
 * type version, only additive changes are allowed: a new optional property or a new enum value.
 */
export function breakingChanges(type: string, baseline: EventShape, current: EventShape | undefined): string[] {
  if (!current) return [`${type}: the type was removed (old versions must stay readable)`];
  const problems: string[] = [];
  for (const field of current.required) {
    if (!baseline.required.includes(field)) problems.push(`${type}: field "${field}" became required`);
  }
  for (const field of baseline.required) {
    if (current.properties[field] && !current.required.includes(field))
      problems.push(`${type}: required field "${field}" became optional`);
  }
  problems.push(...propertyProblems(`${type}`, baseline.properties, current.properties));
  return problems;
}

function propertyProblems(
  at: string,
  baseline: Record<string, PropertyShape>,
  current: Record<string, PropertyShape>,
): string[] {
  const problems: string[] = [];
  for (const [name, before] of Object.entries(baseline)) {
    const after = current[name];
    const path = `${at}.${name}`;
    if (!after) {
      problems.push(`${path}: property removed`);
      continue;
    }
    if (before.types.join('|') !== after.types.join('|')) {
      problems.push(`${path}: type changed from ${before.types.join('|')} to ${after.types.join('|')}`);
    }
    if ((before.formats ?? []).join('|') !== (after.formats ?? []).join('|')) {
      problems.push(
        `${path}: format changed from ${(before.formats ?? []).join('|') || 'none'} to ${(after.formats ?? []).join('|') || 'none'}`,
      );
    }
    // An enum dropped altogether widens the property, which is additive.
    if (before.enum && after.enum) {
      const allowed = after.enum;
      const removed = before.enum.filter((value) => !allowed.includes(value));
      if (removed.length > 0) problems.push(`${path}: enum narrowed, removed ${JSON.stringify(removed)}`);
    }
    if (before.items && after.items)
      problems.push(...propertyProblems(`${path}[]`, { item: before.items }, { item: after.items }));
    if (before.properties) {
      const nested = after.properties ?? {};
      problems.push(...propertyProblems(path, before.properties, nested));
      for (const field of after.required ?? []) {
        if (!(before.required ?? []).includes(field)) problems.push(`${path}: field "${field}" became required`);
      }
    }
  }
  return problems;
}
