import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadHttpConfig, type HttpConfig } from '../config';
import { JsonLogger } from '../json-logger';
import {
  API_VERSION,
  API_VERSION_HEADER,
  acceptableRepresentation,
  apiVersionHeader,
  noTrailingSlash,
  openApiDocument,
  withDesignRules,
} from './api-design-rules';
import { ErrorFilter } from './error.filter';
import {
  inspectJsonBody,
  requireJsonBody,
  translateBodyParserErrors,
  securityHeaders,
} from './http-hardening.middleware';
import { createValidationPipe } from './validation.pipe';

export interface ServiceAppOptions {
  service: string;
  title: string;
  description: string;
  logger?: JsonLogger;
  /** Largest accepted JSON body (e.g. `64kb`); larger requests get 413 before any handler runs. Overrides `HTTP_BODY_LIMIT`. */
  bodyLimit?: string;
  /** Overrides of the HTTP hardening settings; default from the environment (`loadHttpConfig`). */
  http?: Partial<HttpConfig>;
}

/**
 * Creates a service's Nest application with the platform's HTTP conventions:
 * JSON logs, strict validation with field-level 400s, the one error shape
 * (RFC 9457 problem details), security headers, JSON-only bodies with a size
 * and nesting limit, CORS only for configured origins, the NL GOV API Design
 * Rules (`API-Version`, no trailing slashes, 406; see `api-design-rules.ts`),
 * and OpenAPI at `/api/v1/openapi.json` for tools and `/docs` for people.
 * Rate limits are applied by the auth guard, which knows the caller.
 */
export async function createServiceApp(rootModule: Type, options: ServiceAppOptions): Promise<INestApplication> {
  const logger = options.logger ?? new JsonLogger(options.service);
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    logger,
    bufferLogs: false,
    bodyParser: false,
    cors: false,
    // Start-up errors reach the caller (main.ts logs and exits; tests see them) instead of Nest exiting the process.
    abortOnError: false,
  });
  const http: HttpConfig = { ...loadHttpConfig(), ...options.http };
  app.disable('x-powered-by');
  // Order matters: headers first so that even a 413 or 415 carries them, CORS before
  // the body checks so a browser sees its preflight answered.
  app.use(securityHeaders({ production: http.production }));
  app.use(apiVersionHeader());
  app.use(noTrailingSlash());
  app.use(acceptableRepresentation());
  if (http.corsAllowedOrigins.length > 0) {
    app.enableCors({
      origin: http.corsAllowedOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id', 'X-Ketenpad-Purpose'],
      exposedHeaders: ['X-Correlation-Id', 'Retry-After', API_VERSION_HEADER],
      credentials: false,
      maxAge: 600,
    });
  }
  app.use(requireJsonBody());
  app.useBodyParser('json', { limit: options.bodyLimit ?? http.bodyLimitBytes });
  app.use(translateBodyParserErrors());
  app.use(inspectJsonBody(http.jsonMaxDepth));
  app.set('query parser', 'simple');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(logger));
  // Exit through process.exit once closed, not a re-raised signal: only then does the logger flush its last lines.
  app.enableShutdownHooks([], { useProcessExit: true });

  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion(API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  const document = withDesignRules(generated);
  app.use(openApiDocument(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
