import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@finplat/auth';
import { PlatformModule, runsWorkers } from '@finplat/platform';
import { TenancyModule, type TenantServiceConfig } from '@finplat/tenancy';
import { TRACER_MIGRATIONS } from '@finplat/tracer-database';
import {
  DEFAULT_TRACER_OPTIONS,
  TracerOptionsModule,
  type TracerOptions,
} from '@finplat/tracer-domain';
import { RULES_ENTITIES, RulesModule } from '@finplat/tracer-rules';
import { AuditModule } from '@finplat/tracer-audit';
import { LimitsModule } from '@finplat/tracer-limits';
import { ValidationsModule } from '@finplat/tracer-validations';
import { TracerEventsModule } from '@finplat/tracer-events';

@Module({})
export class AppModule {
  static forRoot(
    config: TenantServiceConfig,
    options: TracerOptions = DEFAULT_TRACER_OPTIONS,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'tracer',
          logLevel: config.logLevel,
          runMode: config.runMode,
        }),
        AuthModule.forRoot(config.auth),
        TracerOptionsModule.forRoot(options),
        TenancyModule.forRoot({
          service: 'tracer',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: RULES_ENTITIES,
          migrations: TRACER_MIGRATIONS,
        }),
        TracerEventsModule.forRoot({
          rabbitmqUrl: config.rabbitmqUrl,
          workers: runsWorkers(config.runMode),
        }),
        AuditModule,
        RulesModule,
        LimitsModule,
        ValidationsModule,
      ],
    };
  }
}
