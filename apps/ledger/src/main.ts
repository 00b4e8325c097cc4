import 'reflect-metadata';
import { checkOutboxRunMode } from '@finplat/messaging';
import { runApp } from '@finplat/platform';
import { loadCrmOptions } from '@finplat/ledger-crm';
import { loadPostingOptions, loadTracerClientOptions } from '@finplat/ledger-transactions';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { AppModule } from './app.module';
import { LEDGER_API_DOCS } from './api-docs';

void runApp(() => {
  const config = loadTenantServiceConfig('ledger', 3002, process.env);
  checkOutboxRunMode(config);
  const posting = loadPostingOptions(process.env);
  const crm = loadCrmOptions(process.env);
  const tracer = loadTracerClientOptions(process.env);
  return {
    name: 'ledger',
    module: AppModule.forRoot(config, posting, crm, tracer),
    port: config.port,
    host: config.host,
    docs: LEDGER_API_DOCS,
  };
});
