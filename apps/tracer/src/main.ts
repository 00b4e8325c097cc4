import 'reflect-metadata';
import { checkOutboxRunMode } from '@finplat/messaging';
import { runApp } from '@finplat/platform';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { loadTracerOptions } from '@finplat/tracer-domain';
import { AppModule } from './app.module';
import { TRACER_API_DOCS } from './api-docs';

void runApp(() => {
  const config = loadTenantServiceConfig('tracer', 4020, process.env);
  checkOutboxRunMode(config);
  const options = loadTracerOptions(process.env);
  return {
    name: 'tracer',
    module: AppModule.forRoot(config, options),
    port: config.port,
    host: config.host,
    docs: TRACER_API_DOCS,
  };
});
