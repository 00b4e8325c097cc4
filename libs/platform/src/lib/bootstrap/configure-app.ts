import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { RUN_MODE, servesApi, type RunMode } from '../config/run-mode';
import { requestIdMiddleware } from '../http/request-id.middleware';
import { workerModeMiddleware } from '../http/worker-mode.middleware';
import { PlatformLogger } from '../logging/platform-logger';

export interface ApiDocsOptions {
  title: string;
  description: string;
  version: string;
}

export const JSON_BODY_LIMIT = '1mb';

/**
 * Everything an app needs around its module, shared by `main.ts` and the e2e suites so
 * that tests exercise the exact HTTP stack that production runs.
 */
export function configureApp(app: INestApplication, docs: ApiDocsOptions): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Express hashes every response body for an ETag, POST answers included; no client of these
  // APIs revalidates with If-None-Match (Midaz sends no ETag either).
  express.set('etag', false);
  express.use(requestIdMiddleware);
  const logger = app.get(PlatformLogger);
  if (logger.httpLogger) express.use(logger.httpLogger);
  const runMode = app.get<symbol, RunMode>(RUN_MODE, { strict: false });
  if (!servesApi(runMode)) express.use(workerModeMiddleware);
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT, extended: false });
  app.useLogger(logger);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(docs.title)
      .setDescription(docs.description)
      .setVersion(docs.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
