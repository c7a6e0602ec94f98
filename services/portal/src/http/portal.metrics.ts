import type { Counter } from 'prom-client';
import { ServiceMetrics } from '@ketenpad/runtime';

/**
 * The portal's Prometheus metrics: the runtime's process metrics plus the
 * forwarded calls per service and status class. Labels carry no paths, ids or
 * users.
 */
export class PortalMetrics extends ServiceMetrics {
  private readonly forwardedCalls: Counter<'upstream' | 'status'>;

  constructor() {
    super('portal');
    this.forwardedCalls = this.counter(
      'ketenpad_portal_forwarded_total',
      'Calls the portal forwarded to a chain service, by service and answer status (502: not reachable)',
      ['upstream', 'status'],
    );
  }

  forwarded(upstream: string, status: number): void {
    this.forwardedCalls.inc({ upstream, status: String(status) });
  }
}
