import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { HttpConfig } from '../config';
import { ServiceMetrics } from '../metrics/metrics.registry';
import { HealthRegistry } from './health.registry';
import { HTTP_CONFIG } from './http-config.token';
import { serveMetrics } from './metrics-access';

/**
 * Operational endpoints without a user token: `/health` (database + Kafka; in
 * production only up or down, no details an outsider could use) and
 * `/metrics` (Prometheus; with `METRICS_TOKEN` only for a scraper presenting
 * it, in production not at all without one).
 */
@ApiExcludeController()
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: ServiceMetrics,
    @Inject(HTTP_CONFIG) private readonly http: HttpConfig,
  ) {}

  @Get('health')
  async getHealth(@Res() res: Response): Promise<void> {
    const result = await this.health.run();
    const body = this.http.production ? { status: result.status } : result;
    res.status(result.status === 'up' ? 200 : 503).json({ service: this.metrics.service, ...body });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async getMetrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    await serveMetrics(req, res, this.metrics.registry, {
      token: this.http.metricsToken,
      production: this.http.production,
    });
  }
}
