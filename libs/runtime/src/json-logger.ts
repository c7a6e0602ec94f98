import type { LoggerService } from '@nestjs/common';
import { correlation } from './correlation';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

/**
 * The one logger: one JSON object per line on stdout, with service, level,
 * time, correlation id and context. Also serves as Nest's LoggerService.
 * Never log payloads of events or requests: they may hold personal data.
 */
export class JsonLogger implements LoggerService {
  private readonly minLevel: number;

  constructor(
    private readonly service: string,
    private readonly context?: string,
    level: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.minLevel = ORDER[level] ?? ORDER.info;
  }

  child(context: string): JsonLogger {
    const levelName = (Object.keys(ORDER) as LogLevel[]).find((l) => ORDER[l] === this.minLevel) ?? 'info';
    return new JsonLogger(this.service, context, levelName, this.write);
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

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < this.minLevel) return;
    const entry: LogFields = {
      level,
      time: new Date().toISOString(),
      service: this.service,
    };
    let context = this.context;
    for (const item of rest) {
      // Nest passes its context as the last string argument.
      if (typeof item === 'string') context = item;
      else if (item instanceof Error) entry.err = { name: item.name, message: item.message };
      else if (item && typeof item === 'object') Object.assign(entry, item);
    }
    if (context) entry.context = context;
    const correlationId = correlation.current();
    if (correlationId) entry.correlationId = correlationId;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = { name: message.name, message: message.message };
    } else {
      entry.msg = typeof message === 'string' ? message : JSON.stringify(message);
    }
    this.write(JSON.stringify(entry));
  }
}
