import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@finplat/auth';
import { PlatformModule } from '@finplat/platform';
import { TenancyModule, type TenantServiceConfig } from '@finplat/tenancy';
import { TRACER_MIGRATIONS } from '@finplat/tracer-database';
import { RULES_ENTITIES, RulesModule } from '@finplat/tracer-rules';

@Module({})
export class AppModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'tracer', logLevel: config.logLevel }),
        AuthModule.forRoot(config.auth),
        TenancyModule.forRoot({
          service: 'tracer',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: RULES_ENTITIES,
          migrations: TRACER_MIGRATIONS,
        }),
        RulesModule,
      ],
    };
  }
}
