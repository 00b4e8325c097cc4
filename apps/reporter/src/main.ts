import 'reflect-metadata';
import { checkOutboxRunMode } from '@finplat/messaging';
import { runApp } from '@finplat/platform';
import { AppModule } from './app.module';
import { REPORTER_API_DOCS } from './api-docs';
import { loadReporterConfig } from './reporter.config';

void runApp(() => {
  const config = loadReporterConfig(process.env);
  // Multi-tenant jobs go through the outbox (decision 0036): split RUN_MODE is single-tenant only.
  checkOutboxRunMode(config);
  return {
    name: 'reporter',
    module: AppModule.forRoot(config),
    port: config.port,
    host: config.host,
    docs: REPORTER_API_DOCS,
  };
});
