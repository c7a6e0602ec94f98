import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonLogger } from '../json-logger';
import { ErrorFilter } from './error.filter';
import { createValidationPipe } from './validation.pipe';

export interface ServiceAppOptions {
  service: string;
  title: string;
  description: string;
  logger?: JsonLogger;
  /** Largest accepted JSON body; larger requests get 413 before any handler runs. */
  bodyLimit?: string;
}

/**
 * Creates a service's Nest application with the platform's HTTP conventions:
 * JSON logs, strict validation with field-level 400s, the one error shape,
 * a body size limit, no CORS, OpenAPI at `/docs` (JSON at `/docs-json`).
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
  app.useBodyParser('json', { limit: options.bodyLimit ?? '64kb' });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(logger));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
