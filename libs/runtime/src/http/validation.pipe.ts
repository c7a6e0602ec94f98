import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './error-response';

/** Thrown for invalid input; carries field-level messages for the error filter. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super({ message: 'Request validation failed', errors: fieldErrors });
  }
}

/**
 * Global validation for HTTP bodies, params and queries: unknown properties are
 * rejected (not silently stripped) so a client learns about typos, and values
 * are transformed to the DTO types. Kafka handlers never use this pipe: a bad
 * message must go to the DLQ, not be retried forever (STYLE.md).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      out.push({
        field,
        messages: Object.values(error.constraints).map((m) =>
          m.replace(/^an unknown value was passed to the validate function$/, 'a value is required'),
        ),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
