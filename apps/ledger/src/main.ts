import 'reflect-metadata';
import { runApp } from '@finplat/platform';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { AppModule } from './app.module';
import { LEDGER_API_DOCS } from './api-docs';

void runApp(() => {
  const config = loadTenantServiceConfig('ledger', 3002, process.env);
  return {
    name: 'ledger',
    module: AppModule.forRoot(config),
    port: config.port,
    docs: LEDGER_API_DOCS,
  };
});
