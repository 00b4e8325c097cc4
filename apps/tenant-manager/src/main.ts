import 'reflect-metadata';
import { runApp } from '@finplat/platform';
import { TENANT_MANAGER_API_DOCS } from './api-docs';
import { AppModule } from './app.module';
import { loadTenantManagerConfig } from './config/tenant-manager.config';

void runApp(() => {
  const config = loadTenantManagerConfig(process.env);
  return {
    name: 'tenant-manager',
    module: AppModule.forRoot(config),
    port: config.port,
    host: config.host,
    docs: TENANT_MANAGER_API_DOCS,
  };
});
