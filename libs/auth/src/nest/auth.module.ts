import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthConfig } from '../auth.config';
import { TokenVerifier } from '../token.verifier';
import { JsonLogger } from '@ketenpad/runtime';
import { AUTH_LOGGER, JwtAuthGuard } from './jwt-auth.guard';

/**
 * Bearer authentication for the whole application: import once in the root
 * module, e.g. `AuthModule.forRoot(loadAuthConfig())`. Registers
 * `JwtAuthGuard` globally and exports the `TokenVerifier`.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, options: { logger?: JsonLogger } = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, useFactory: () => TokenVerifier.create(config) },
        { provide: AUTH_LOGGER, useValue: options.logger ?? new JsonLogger('ketenpad', 'auth') },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
