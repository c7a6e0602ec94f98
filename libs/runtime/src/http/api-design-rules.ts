import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problem } from './error-response';
import { sendProblem } from './error.filter';
import type { HttpMiddleware } from './http-hardening.middleware';

/**
 * The NL GOV API Design Rules (Logius, checked in `npm test` with Logius' own
 * Spectral ruleset) as far as the HTTP layer and the OpenAPI document carry
 * them: a full semver version in every response (`API-Version`, /core/version-header),
 * the major version in the URI (`/api/v1`, /core/uri-version), no trailing
 * slashes (/core/no-trailing-slash), RFC 9457 problem details for errors
 * (/core/error-handling/problem-details), the OpenAPI document at
 * `/api/v1/openapi.json` open to every origin (/core/publish-openapi), and a
 * 406 for an `Accept` no representation satisfies.
 */

/** Full version of the v1 API, sent as `API-Version` and as the OpenAPI `info.version`. */
export const API_VERSION = '1.0.0';
export const API_VERSION_HEADER = 'API-Version';
/** Base path of every resource (the major version in the URI). */
export const API_BASE_PATH = '/api/v1';
export const OPENAPI_PATH = `${API_BASE_PATH}/openapi.json`;

/** The API's maintainers, as the OpenAPI `info.contact` (/core/doc-openapi-contact). */
export const API_CONTACT = {
  name: 'Ketenpad',
  url: 'https://github.com/ketenpad/ketenpad',
  email: 'api@ketenpad.nl',
} as const;

/** What every service's API documentation says about the standards it follows. */
const STANDARDS_NOTE = [
  '**Standards.** This API follows the NL GOV API Design Rules (Logius), checked with their Spectral ruleset:',
  'the major version is in the URI (`/api/v1`), every response carries the full version in `API-Version`,',
  'errors are RFC 9457 problem details (`application/problem+json`, with `invalidParams` per invalid field),',
  'paths have no trailing slash, and this document is at `/api/v1/openapi.json` for any origin.',
  'Authentication is an OAuth 2.0 / OpenID Connect bearer token (JWT). Events on Kafka are CloudEvents 1.0',
  "(structured mode of the Kafka binding; AsyncAPI in the repository's `contracts/asyncapi`), and partner",
  'notifications are signed per Standard Webhooks (`contracts/webhooks`).',
].join(' ');

/** What the services can answer with; an `Accept` that allows none of these gets 406. */
const REPRESENTATIONS = ['application/json', PROBLEM_CONTENT_TYPE, 'text/event-stream'];

/** `API-Version` on every response, errors and 404s included. */
export function apiVersionHeader(): HttpMiddleware {
  return (_req, res, next) => {
    res.setHeader(API_VERSION_HEADER, API_VERSION);
    next();
  };
}

/**
 * A path ending in `/` names no resource: 404 (Express would otherwise route
 * `/api/v1/pathways/` to `/api/v1/pathways`). The root `/` is left alone.
 */
export function noTrailingSlash(): HttpMiddleware {
  return (req, res, next) => {
    if (req.path.length > 1 && req.path.endsWith('/')) {
      sendProblem(res, problem(404, 'No resource ends with a slash', { instance: req.path }));
      return;
    }
    next();
  };
}

/** Under `/api/`, a request whose `Accept` allows none of the API's representations gets 406. */
export function acceptableRepresentation(): HttpMiddleware {
  return (req, res, next) => {
    if (!req.path.startsWith('/api/') || req.headers.accept === undefined || req.accepts(REPRESENTATIONS))
      return next();
    sendProblem(res, problem(406, `This API answers with ${REPRESENTATIONS.join(', ')}`, { instance: req.path }));
  };
}

/**
 * Serves `document` at `/api/v1/openapi.json` to any origin (CORS `*`, no
 * credentials): the document is public, and integrators' tools load it
 * from their own origins.
 */
export function openApiDocument(document: OpenAPIObject): HttpMiddleware {
  const body = JSON.stringify(document);
  return (req: Request, res: Response, next) => {
    if (req.path !== OPENAPI_PATH) return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.type('application/json').send(body);
  };
}

type Operation = {
  operationId?: string;
  summary?: string;
  parameters?: unknown[];
  responses: Record<string, DocumentedResponse>;
};
type DocumentedResponse = {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const STANDARD_ERRORS: Record<string, string> = {
  '400': 'The request is invalid: `invalidParams` names each field and what is wrong with it. Nothing changed.',
  '401': 'No valid bearer token.',
  '403': 'The token is valid but its organisation or role may not do this.',
  '406': 'The `Accept` header allows no representation this API offers.',
  '429': 'Too many requests from this caller; `Retry-After` says when to try again.',
  '500': 'An unexpected error; the detail is in the service log under the correlation id.',
};

/**
 * The OpenAPI document as the design rules want it, from the one Nest
 * generates: semver `info.version` and `info.contact`, the server with the
 * major version (`/api/v1`, so paths are relative to it), a summary for
 * every operation (from its handler's name where none is written), the
 * `API-Version` header on every success, and every error documented as an
 * RFC 9457 problem (400 wherever input can be invalid, 401/403/406/429/500
 * everywhere, 404 where the path names a resource).
 */
export function withDesignRules(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const relative = path.startsWith(API_BASE_PATH) ? path.slice(API_BASE_PATH.length) || '/' : path;
    const operations = item as Record<string, Operation>;
    for (const method of METHODS) {
      const operation = operations[method];
      if (operation) documentOperation(method, relative, operation);
    }
    paths[relative] = item;
  }
  return {
    ...document,
    info: {
      ...document.info,
      description: `${document.info.description ?? ''}\n\n${STANDARDS_NOTE}`.trim(),
      version: API_VERSION,
      contact: { ...API_CONTACT },
    },
    servers: [{ url: API_BASE_PATH, description: 'This service, under the major version of its API' }],
    paths,
    components: {
      ...document.components,
      headers: { ...document.components?.headers, [API_VERSION_HEADER]: apiVersionHeaderObject() },
      schemas: { ...document.components?.schemas, Problem: problemSchema() },
    },
  };
}

function documentOperation(method: string, path: string, operation: Operation): void {
  operation.summary ??= summaryOf(operation.operationId);
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[23]\d\d$/.test(status))
      response.headers = {
        ...response.headers,
        [API_VERSION_HEADER]: { $ref: `#/components/headers/${API_VERSION_HEADER}` },
      };
    if (/^[45]\d\d$/.test(status)) response.content = { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } };
  }
  const takesInput = ['post', 'put', 'patch'].includes(method) || (operation.parameters?.length ?? 0) > 0;
  const errors = { ...STANDARD_ERRORS };
  if (!takesInput) delete errors['400'];
  if (path.includes('{')) errors['404'] = 'No such resource, or not one the caller may know of.';
  for (const [status, description] of Object.entries(errors))
    operation.responses[status] ??= { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } } };
}

/** `PathwayController_recordFirstConversation` → "Record first conversation". */
function summaryOf(operationId: string | undefined): string | undefined {
  const handler = operationId?.split('_').pop();
  if (!handler) return undefined;
  const words = handler.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function apiVersionHeaderObject() {
  return {
    description: 'Full semver version of the API that answered (NL GOV API Design Rules, /core/version-header).',
    schema: { type: 'string', example: API_VERSION },
  };
}

function problemSchema() {
  return {
    type: 'object',
    description:
      'RFC 9457 problem details. `statusCode`, `error`, `message` and `errors` repeat `status`, `title`, `detail` and `invalidParams` in the earlier Ketenpad shape; they are deprecated and go with API version 2.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: {
        type: 'string',
        description: 'A URI for the kind of problem; `about:blank` when the status says it all.',
        example: 'about:blank',
      },
      title: { type: 'string', description: 'The status phrase.', example: 'Bad Request' },
      status: { type: 'integer', description: 'The HTTP status code.', example: 400 },
      detail: { type: 'string', description: 'What went wrong, for a person.', example: 'Request validation failed' },
      instance: { type: 'string', description: 'The request path.', example: '/api/v1/pathways' },
      invalidParams: {
        type: 'array',
        description: 'On a 400: every invalid field and why.',
        items: {
          type: 'object',
          required: ['name', 'reason'],
          properties: {
            name: { type: 'string', description: 'Dotted path of the field.', example: 'bsn' },
            reason: { type: 'string', description: 'What is wrong with it.', example: 'bsn must pass the elfproef' },
          },
        },
      },
      correlationId: { type: 'string', description: 'Correlation id of the request, as in the logs.' },
      statusCode: { type: 'integer', deprecated: true, description: 'Deprecated: `status`.' },
      error: { type: 'string', deprecated: true, description: 'Deprecated: `title`.' },
      message: { type: 'string', deprecated: true, description: 'Deprecated: `detail`.' },
      errors: {
        type: 'array',
        deprecated: true,
        description: 'Deprecated: `invalidParams` grouped per field.',
        items: {
          type: 'object',
          properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  };
}
