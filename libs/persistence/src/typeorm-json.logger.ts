import type { Logger as TypeOrmLogger } from 'typeorm';
import type { JsonLogger } from '@ketenpad/runtime';

/**
 * Routes TypeORM's messages to the one JSON logger. Query parameters are never
 * logged: they may hold personal data (DESIGN.md privacy rules).
 */
export class TypeOrmJsonLogger implements TypeOrmLogger {
  constructor(private readonly logger: JsonLogger) {}

  logQuery(): void {
    // Every query at debug level would flood the logs; slow queries and errors are reported below.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn('database query failed', { query: truncate(query), error: error instanceof Error ? error.message : error });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn('slow database query', { query: truncate(query), durationMs: time });
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message, { component: 'migrations' });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn(text);
    else this.logger.debug(text);
  }
}

function truncate(query: string): string {
  return query.length > 500 ? `${query.slice(0, 500)}…` : query;
}
