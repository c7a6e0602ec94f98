import { runService, startService } from '@ketenpad/platform';
import { runtimeMode } from '@ketenpad/runtime';
import { partnerGatewayAppModule, partnerGatewayInbox, PARTNER_GATEWAY_API } from './app.module';
import { loadPartnerGatewayConfig } from './partner-gateway.config';

void runService('partner-gateway', {
  settings: [
    // Checked before the platform's settings are known; the address only shapes the development default public URL.
    () => loadPartnerGatewayConfig({ mode: runtimeMode(), host: '127.0.0.1', port: 0 }),
  ],
  start: () =>
    startService({ ...PARTNER_GATEWAY_API, rootModule: partnerGatewayAppModule(), inbox: partnerGatewayInbox() }),
});
