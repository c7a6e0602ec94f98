import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { correlation, CORRELATION_HEADER } from '../correlation';
import { JsonLogger } from '../json-logger';
import { ServiceMetrics } from '../metrics/metrics.registry';
import { HealthRegistry } from './health.registry';
import { OperationsController } from './operations.controller';

/**
 * Cross-cutting HTTP runtime of every service: the logger, metrics, health,
 * correlation ids and security headers. Imported once by each service's root module.
 */
@Global()
@Module({})
export class RuntimeModule implements NestModule {
  constructor(private readonly metrics: ServiceMetrics) {}

  static forRoot(options: { service: string; logger?: JsonLogger }): DynamicModule {
    const logger = options.logger ?? new JsonLogger(options.service);
    return {
      module: RuntimeModule,
      controllers: [OperationsController],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) },
        { provide: HealthRegistry, useValue: new HealthRegistry() },
      ],
      exports: [JsonLogger, ServiceMetrics, HealthRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const metrics = this.metrics;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const incoming = req.header(CORRELATION_HEADER);
        const started = process.hrtime.bigint();
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('X-Frame-Options', 'DENY');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
        res.on('finish', () => {
          // The route template, never the concrete path: ids in labels would leak and explode cardinality.
          const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
        });
        correlation.run(incoming, () => {
          res.setHeader(CORRELATION_HEADER, correlation.current() ?? '');
          next();
        });
      })
      .forRoutes('*');
  }
}
