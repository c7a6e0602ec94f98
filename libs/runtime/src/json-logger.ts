import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { redactBsnNumber, redactBsns } from './bsn.redaction';
import { correlation } from './correlation';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

/** How Nest's `error(message, stack, context)` passes a stack trace. */
const STACK_TRACE = /\n\s+at /;
/** Deeper than any log field should be; also ends a reference cycle. */
const MAX_FIELD_DEPTH = 8;

let stdout: DestinationStream | undefined;

/**
 * The process's stdout, one writer shared by every logger so lines keep their
 * order. Asynchronous, so a slow reader of the pipe does not stall the event
 * loop; pino writes what is still buffered synchronously on `exit`, which is why
 * services end through `process.exit` (createServiceApp's shutdown hooks, a
 * failed start) rather than a re-raised signal, which would drop those lines.
 */
function processStdout(): DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: false }));
}

/** Lines to a function instead (tests; the benchmark's stderr), without their line break. */
function lineWriter(write: (line: string) => void): DestinationStream {
  return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
}

function levelFromEnvironment(): LogLevel {
  const configured = process.env.LOG_LEVEL?.trim();
  return LOG_LEVELS.find((level) => level === configured) ?? 'info';
}

/**
 * The one logger (pino): one JSON object per line on stdout with level, time,
 * service, context, correlation id, msg and the fields given; an error under
 * `err` with its stack. Also serves as Nest's LoggerService. Never log payloads
 * of events or requests: they may hold personal data. As a safety net, values
 * shaped like a BSN are redacted from the message and every field.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(
    private readonly service: string,
    private readonly context?: string,
    private readonly level: LogLevel = levelFromEnvironment(),
    private readonly write?: (line: string) => void,
  ) {
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        // `err` is already plain fields here (see loggable); pino's own serializer would add `type: Object`.
        serializers: { err: (err: unknown) => err },
      },
      write ? lineWriter(write) : processStdout(),
    );
  }

  child(context: string): JsonLogger {
    return new JsonLogger(this.service, context, this.level, this.write);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  info(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  /**
   * `rest` as Nest and our callers pass it: objects are fields, an Error is
   * `err`, a stack trace string becomes `err.stack`, and the last other string
   * is the context.
   */
  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    let context = this.context;
    let err: unknown = message instanceof Error ? message : undefined;
    const fields: LogFields = {};
    for (const item of rest) {
      if (typeof item === 'string') {
        if (STACK_TRACE.test(item)) err = { stack: item };
        else context = item;
      } else if (item instanceof Error) err = item;
      else if (item && typeof item === 'object') Object.assign(fields, item);
    }
    const correlationId = correlation.current();
    const entry = {
      ...(context ? { context } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...fields,
      ...(err ? { err } : {}),
    };
    this.pino[level](loggable(entry), redactBsns(messageText(message)));
  }
}

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}

/** A value as it goes into a log line: errors with their stack, BSN-shaped values redacted. */
function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactBsns(value);
  if (typeof value === 'number') return redactBsnNumber(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_FIELD_DEPTH) return '[nested too deeply]';
  if (value instanceof Error) return loggable(errorFields(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => loggable(item, depth + 1));
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return loggable(toJSON.call(value), depth + 1);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, loggable(item, depth + 1)]));
}

function errorFields(error: Error): LogFields {
  const { code } = error as { code?: unknown };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(code !== undefined ? { code } : {}),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}
