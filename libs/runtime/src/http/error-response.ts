import { STATUS_CODES } from 'node:http';

/** A field that failed validation, with every message for it. */
export interface FieldError {
  /** Dotted path of the field in the request, e.g. `crisis.type`. */
  field: string;
  messages: string[];
}

/** One invalid field in RFC 9457 terms (the NL GOV API Design Rules' `invalidParams`). */
export interface InvalidParam {
  /** Dotted path of the field in the request, e.g. `crisis.type`. */
  name: string;
  /** What is wrong with it. */
  reason: string;
}

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The one error shape of every Ketenpad HTTP API: RFC 9457 problem details
 * (`type`, `title`, `status`, `detail`, `instance`, `invalidParams` for a 400),
 * served as `application/problem+json`. It still carries the members of the
 * earlier shape (`statusCode`, `error`, `message`, `errors`) as extension
 * members, so clients written against it keep working; they are deprecated
 * and go with API version 2. Never carries a stack trace, SQL or internal
 * identifiers.
 */
export interface ErrorResponse {
  /** `about:blank`: the status code says it all, `title` is its phrase. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path (no query: it may hold a search term). */
  instance?: string;
  /** Present on 400 validation failures: one entry per message. */
  invalidParams?: InvalidParam[];
  correlationId?: string;
  /** @deprecated the same as `status`. */
  statusCode: number;
  /** @deprecated the same as `title`. */
  error: string;
  /** @deprecated the same as `detail`. */
  message: string;
  /** @deprecated `invalidParams` grouped per field. */
  errors?: FieldError[];
}

/** The problem document for `status` with `detail` (and, for a 400, the field errors). */
export function problem(
  status: number,
  detail: string,
  options: { instance?: string; fieldErrors?: readonly FieldError[]; correlationId?: string } = {},
): ErrorResponse {
  const title = STATUS_CODES[status] ?? 'Error';
  const fieldErrors = options.fieldErrors;
  return {
    type: 'about:blank',
    title,
    status,
    detail,
    ...(options.instance !== undefined ? { instance: options.instance } : {}),
    ...(fieldErrors
      ? { invalidParams: fieldErrors.flatMap((f) => f.messages.map((reason) => ({ name: f.field, reason }))) }
      : {}),
    ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
    statusCode: status,
    error: title,
    message: detail,
    ...(fieldErrors ? { errors: [...fieldErrors] } : {}),
  };
}
