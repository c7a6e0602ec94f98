import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceMetrics } from '../metrics/metrics.registry';
import { HealthRegistry } from './health.registry';

/** Public operational endpoints: `/health` (database + Kafka) and `/metrics` (Prometheus). */
@ApiExcludeController()
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Get('health')
  async getHealth(@Res() res: Response): Promise<void> {
    const result = await this.health.run();
    res.status(result.status === 'up' ? 200 : 503).json({ service: this.metrics.service, ...result });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async getMetrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
