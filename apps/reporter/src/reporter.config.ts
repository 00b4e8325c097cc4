import type { Env } from '@finplat/platform';
import { loadDataSources, type DataSourceConfig } from '@finplat/reporter-datasources';
import { loadReportsOptions, type ReportsOptions } from '@finplat/reporter-reports';
import { loadTenantServiceConfig, type TenantServiceConfig } from '@finplat/tenancy';

export interface ReporterConfig extends TenantServiceConfig {
  dataSources: DataSourceConfig[];
  reports: ReportsOptions;
}

/** The reporter's whole environment, validated at start-up (a bad variable stops it, named). */
export function loadReporterConfig(env: Env, defaultPort = 4005): ReporterConfig {
  const base = loadTenantServiceConfig('reporter', defaultPort, env);
  return {
    ...base,
    dataSources: loadDataSources(env, base.databaseUrl, base.tenancy.multiTenant),
    reports: loadReportsOptions(env, base.tenancy.multiTenant, base.rabbitmqUrl),
  };
}
