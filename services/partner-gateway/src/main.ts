import { startService } from '@ketenpad/platform';
import { partnerGatewayAppModule, partnerGatewayInbox, PARTNER_GATEWAY_API } from './app.module';

startService({ ...PARTNER_GATEWAY_API, rootModule: partnerGatewayAppModule(), inbox: partnerGatewayInbox() }).catch(
  (error: unknown) => {
    process.stderr.write(
      `partner-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
