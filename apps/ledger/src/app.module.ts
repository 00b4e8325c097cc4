import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@finplat/auth';
import { CrmModule, type CrmOptions } from '@finplat/ledger-crm';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS } from '@finplat/ledger-database';
import {
  AccountsModule,
  AccountTypesModule,
  AssetRatesModule,
  AssetsModule,
  BalancesModule,
  LedgersModule,
  MetadataIndexesModule,
  OrganizationsModule,
  PortfoliosModule,
  SegmentsModule,
  SettingsModule,
} from '@finplat/ledger-onboarding';
import {
  LedgerEventsModule,
  RoutesModule,
  TransactionsModule,
  DEFAULT_POSTING_OPTIONS,
  DEFAULT_TRACER_CLIENT_OPTIONS,
  type PostingOptions,
  type TracerClientOptions,
} from '@finplat/ledger-transactions';
import { PlatformModule, runsWorkers } from '@finplat/platform';
import { TenancyModule, type TenantServiceConfig } from '@finplat/tenancy';

@Module({})
export class AppModule {
  static forRoot(
    config: TenantServiceConfig,
    posting: PostingOptions = DEFAULT_POSTING_OPTIONS,
    crm: CrmOptions = { retiredKeks: [] },
    tracer: TracerClientOptions = DEFAULT_TRACER_CLIENT_OPTIONS,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'ledger',
          logLevel: config.logLevel,
          runMode: config.runMode,
        }),
        AuthModule.forRoot(config.auth),
        TenancyModule.forRoot({
          service: 'ledger',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: LEDGER_ENTITIES,
          migrations: LEDGER_MIGRATIONS,
        }),
        OrganizationsModule,
        LedgersModule,
        SettingsModule,
        AssetsModule,
        PortfoliosModule,
        SegmentsModule,
        AccountsModule,
        AccountTypesModule,
        BalancesModule,
        AssetRatesModule,
        MetadataIndexesModule,
        CrmModule.forRoot(crm),
        RoutesModule,
        TransactionsModule.forRoot(posting, tracer),
        LedgerEventsModule.forRoot({
          rabbitmqUrl: config.rabbitmqUrl,
          workers: runsWorkers(config.runMode),
        }),
      ],
    };
  }
}
