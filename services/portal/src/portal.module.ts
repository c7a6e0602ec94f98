import { type DynamicModule, Module } from '@nestjs/common';
import { DevSignIn } from './auth/dev-sign-in';
import { OidcClient } from './auth/oidc.client';
import type { PortalConfig } from './config/portal.config';
import { ApiProxyController } from './http/api-proxy.controller';
import { AuthController } from './http/auth.controller';
import { OperationsController } from './http/operations.controller';
import { PortalMetrics } from './http/portal.metrics';
import { PORTAL_CONFIG } from './portal.tokens';
import { PortalSessions } from './session/portal-sessions';
import { cookiePolicy } from './session/session.cookie';
import { InMemorySessionStore } from './session/session.store';

/** The backend-for-frontend: sign-in, sessions, forwarding to the chain services. No database, no Kafka. */
@Module({})
export class PortalModule {
  static forRoot(config: PortalConfig): DynamicModule {
    const dev = config.devSignIn ? new DevSignIn() : null;
    const oidc = config.oidc ? new OidcClient(config.oidc, `${config.publicUrl}/auth/callback`) : null;
    const sessions = new PortalSessions(
      new InMemorySessionStore(config.sessionIdleMs, config.sessionMaxMs),
      cookiePolicy(config.publicUrl, config.mode === 'production'),
      dev,
      oidc,
    );
    return {
      module: PortalModule,
      controllers: [AuthController, ApiProxyController, OperationsController],
      providers: [
        { provide: PORTAL_CONFIG, useValue: config },
        { provide: PortalSessions, useValue: sessions },
        { provide: DevSignIn, useValue: dev },
        { provide: OidcClient, useValue: oidc },
        PortalMetrics,
      ],
    };
  }
}
