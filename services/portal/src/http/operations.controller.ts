import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PORTAL_CONFIG } from '../portal.tokens';
import { UPSTREAM_SERVICES, type PortalConfig, type UpstreamService } from '../config/portal.config';
import { PortalMetrics } from './portal.metrics';

const UPSTREAM_PROBE_MS = 1_000;

export interface PortalHealth {
  status: 'up';
  service: 'portal';
  /** Whether each chain service answered its own `/health`; informative, never a reason to report the portal down. */
  upstreams: Record<UpstreamService, 'up' | 'down'>;
}

/**
 * Process health and metrics. The portal holds no state of its own, so it is up
 * while it runs; a service behind it being down is the app's "service down"
 * state, not a reason to restart the portal.
 */
@Controller()
export class OperationsController {
  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly metrics: PortalMetrics,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  async health(): Promise<PortalHealth> {
    const probes = await Promise.all(
      UPSTREAM_SERVICES.map(async (service) => {
        const answer = await fetch(`${this.config.upstreams[service]}/health`, {
          signal: AbortSignal.timeout(UPSTREAM_PROBE_MS),
        }).catch(() => undefined);
        await answer?.body?.cancel();
        return [service, answer?.ok ? 'up' : 'down'] as const;
      }),
    );
    return { status: 'up', service: 'portal', upstreams: Object.fromEntries(probes) as PortalHealth['upstreams'] };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async getMetrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
