import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureApp, type ApiDocsOptions } from '@finplat/platform';

/** Boots an app module in-process with the exact HTTP stack `main.ts` uses. */
export async function bootApp(
  module: DynamicModule,
  docs: ApiDocsOptions,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureApp(app, docs);
  // Listening on a real port (instead of letting supertest start and stop the server per
  // request) keeps concurrent requests from resetting each other's connections.
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Environment for an app under test: quiet logs, plus the suite's own variables. */
export function testEnv(
  overrides: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...overrides };
}
