import { type DynamicModule, Global, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { loadHttpConfig, type HttpConfig } from '../config';
import { correlation, CORRELATION_HEADER } from '../correlation';
import { JsonLogger } from '../json-logger';
import { ServiceMetrics } from '../metrics/metrics.registry';
import { HealthRegistry } from './health.registry';
import { applySecurityHeaders } from './http-hardening.middleware';
import { HTTP_CONFIG } from './http-config.token';
import { OperationsController } from './operations.controller';
import { RateLimiter, RequestRateLimits } from './rate-limiter';

export { HTTP_CONFIG } from './http-config.token';

/**
 * Cross-cutting HTTP runtime of every service: the logger, metrics, health,
 * correlation ids and security headers. Imported once by each service's root module.
 */
@Global()
@Module({})
export class RuntimeModule implements NestModule {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(HTTP_CONFIG) private readonly http: HttpConfig,
  ) {}

  /** `http` overrides the HTTP settings read from the environment (`loadHttpConfig`), e.g. rate limits in tests. */
  static forRoot(options: { service: string; logger?: JsonLogger; http?: Partial<HttpConfig> }): DynamicModule {
    const logger = options.logger ?? new JsonLogger(options.service);
    const http: HttpConfig = { ...loadHttpConfig(), ...options.http };
    return {
      module: RuntimeModule,
      controllers: [OperationsController],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) },
        { provide: HealthRegistry, useValue: new HealthRegistry() },
        { provide: HTTP_CONFIG, useValue: http },
        {
          provide: RequestRateLimits,
          useValue: new RequestRateLimits(
            new RateLimiter(http.rateLimitPerMinute),
            new RateLimiter(http.unauthenticatedRateLimitPerMinute),
          ),
        },
      ],
      exports: [JsonLogger, ServiceMetrics, HealthRegistry, HTTP_CONFIG, RequestRateLimits],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const metrics = this.metrics;
    const production = this.http.production;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const incoming = req.header(CORRELATION_HEADER);
        const started = process.hrtime.bigint();
        // Also set by createServiceApp before body parsing; repeated here for apps built without it.
        applySecurityHeaders(req, res, { production });
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
