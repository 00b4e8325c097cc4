import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@finplat/auth';
import { PlatformModule } from '@finplat/platform';
import { REPORTER_MIGRATIONS } from '@finplat/reporter-database';
import { DataSourcesModule } from '@finplat/reporter-datasources';
import { ChromiumPdfPrinter, ReportsModule } from '@finplat/reporter-reports';
import { TEMPLATES_ENTITIES, TemplatesModule } from '@finplat/reporter-templates';
import { TenancyModule } from '@finplat/tenancy';
import type { ReporterConfig } from './reporter.config';

@Module({})
export class AppModule {
  static forRoot(config: ReporterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'reporter',
          logLevel: config.logLevel,
          runMode: config.runMode,
        }),
        AuthModule.forRoot(config.auth),
        TenancyModule.forRoot({
          service: 'reporter',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: TEMPLATES_ENTITIES,
          migrations: REPORTER_MIGRATIONS,
        }),
        DataSourcesModule.forRoot({
          sources: config.dataSources,
          multiTenant: config.tenancy.multiTenant,
          maxTenantPools: config.tenancy.maxTenantPools,
          idleTimeoutSec: config.tenancy.idleTimeoutSec,
          redisUrl: config.redisUrl,
        }),
        TemplatesModule,
        ...ReportsModule.withJobs({ options: config.reports, pdfPrinter: ChromiumPdfPrinter }),
      ],
    };
  }
}
