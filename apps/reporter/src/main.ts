import 'reflect-metadata';
import { runApp } from '@finplat/platform';
import { AppModule } from './app.module';
import { REPORTER_API_DOCS } from './api-docs';
import { loadReporterConfig } from './reporter.config';

void runApp(() => {
  const config = loadReporterConfig(process.env);
  return {
    name: 'reporter',
    module: AppModule.forRoot(config),
    port: config.port,
    host: config.host,
    docs: REPORTER_API_DOCS,
  };
});
