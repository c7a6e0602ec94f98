/** A field that failed validation, with every message for it. */
export interface FieldError {
  /** Dotted path of the field in the request, e.g. `crisis.type`. */
  field: string;
  messages: string[];
}

/**
 * The one error shape of every Ketenpad HTTP API. Never carries a stack trace,
 * SQL or internal identifiers.
 */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  /** Present on 400 validation failures. */
  errors?: FieldError[];
  correlationId?: string;
}
