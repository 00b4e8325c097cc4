import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@finplat/auth';
import { PlatformModule } from '@finplat/platform';
import { REPORTER_MIGRATIONS } from '@finplat/reporter-database';
import { TEMPLATES_ENTITIES, TemplatesModule } from '@finplat/reporter-templates';
import { TenancyModule, type TenantServiceConfig } from '@finplat/tenancy';

@Module({})
export class AppModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'reporter', logLevel: config.logLevel }),
        AuthModule.forRoot(config.auth),
        TenancyModule.forRoot({
          service: 'reporter',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: TEMPLATES_ENTITIES,
          migrations: REPORTER_MIGRATIONS,
        }),
        TemplatesModule,
      ],
    };
  }
}
