import 'reflect-metadata';
import { runApp } from '@finplat/platform';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { AppModule } from './app.module';
import { REPORTER_API_DOCS } from './api-docs';

void runApp(() => {
  const config = loadTenantServiceConfig('reporter', 4005, process.env);
  return {
    name: 'reporter',
    module: AppModule.forRoot(config),
    port: config.port,
    host: config.host,
    docs: REPORTER_API_DOCS,
  };
});
