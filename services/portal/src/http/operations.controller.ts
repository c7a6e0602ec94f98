import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { serveMetrics } from '@ketenpad/runtime';
import { PORTAL_CONFIG } from '../portal.tokens';
import { UPSTREAM_SERVICES, type PortalConfig, type UpstreamService } from '../config/portal.config';
import { PortalMetrics } from './portal.metrics';

const UPSTREAM_PROBE_MS = 1_000;
/** How long one round of upstream probes answers every `/health` call: a flood of calls probes once a second. */
const PROBE_REUSE_MS = 1_000;

export interface PortalHealth {
  status: 'up';
  service: 'portal';
  /**
   * Whether each chain service answered its own `/health`; informative, never a reason to report
   * the portal down. Not shown in production, where `/health` is public and says only up.
   */
  upstreams?: Record<UpstreamService, 'up' | 'down'>;
}

/**
 * Process health and metrics. The portal holds no state of its own, so it is up
 * while it runs; a service behind it being down is the app's "service down"
 * state, not a reason to restart the portal. The portal is the chain's public
 * face, so it follows the services' rules: `/health` in production tells only
 * up (and never probes the services for an anonymous caller), outside
 * production it probes them at most once a second; `/metrics` needs
 * `METRICS_TOKEN` as the services' do.
 */
@Controller()
export class OperationsController {
  private probe: { at: number; result: Promise<PortalHealth['upstreams']> } | undefined;

  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly metrics: PortalMetrics,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  async health(): Promise<PortalHealth> {
    if (this.config.mode === 'production') return { status: 'up', service: 'portal' };
    return { status: 'up', service: 'portal', upstreams: await this.upstreams() };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async getMetrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    await serveMetrics(req, res, this.metrics.registry, {
      token: this.config.metricsToken,
      production: this.config.mode === 'production',
    });
  }

  private upstreams(): Promise<PortalHealth['upstreams']> {
    const now = Date.now();
    if (this.probe === undefined || now - this.probe.at >= PROBE_REUSE_MS)
      this.probe = { at: now, result: this.probeUpstreams() };
    return this.probe.result;
  }

  private async probeUpstreams(): Promise<PortalHealth['upstreams']> {
    const probes = await Promise.all(
      UPSTREAM_SERVICES.map(async (service) => {
        const answer = await fetch(`${this.config.upstreams[service]}/health`, {
          signal: AbortSignal.timeout(UPSTREAM_PROBE_MS),
        }).catch(() => undefined);
        await answer?.body?.cancel();
        return [service, answer?.ok ? 'up' : 'down'] as const;
      }),
    );
    return Object.fromEntries(probes) as PortalHealth['upstreams'];
  }
}
