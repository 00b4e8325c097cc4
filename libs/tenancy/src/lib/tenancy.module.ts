import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { ServiceName } from '@finplat/contracts';
import { ReadinessRegistry } from '@finplat/platform';
import type { EntitySchema, MixedList } from 'typeorm';
import { ensureDatabase } from './ensure-database';
import { DEFAULT_TENANT_ID, StaticTenantSource } from './static-tenant.source';
import { TenantConfigClient } from './tenant-config.client';
import { TenantConnectionsSource } from './tenant-connections.source';
import { TenantContext } from './tenant-context';
import { TenantContextInterceptor } from './tenant-context.interceptor';
import { TenantDataSources } from './tenant-data-sources';
import { TenantDb } from './tenant-db';
import { type MigrationClass, TenantMigrator } from './tenant-migrator';
import { TenantGuard } from './tenant.guard';
import { TenantRunner } from './tenant-runner';
import type { TenancyOptions } from './tenancy.config';
import { TENANCY_OPTIONS } from './tenancy.tokens';

export interface TenancyModuleOptions {
  service: ServiceName;
  tenancy: TenancyOptions;
  /** The single tenant's database (single-tenant mode). */
  databaseUrl: string;
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations: MigrationClass[];
}

const MODULE_OPTIONS = Symbol('TENANCY_MODULE_OPTIONS');

function connectionsSourceFor({
  service,
  tenancy,
  databaseUrl,
}: TenancyModuleOptions): TenantConnectionsSource {
  if (!tenancy.multiTenant) return new StaticTenantSource(service, databaseUrl);
  const { managerUrl, serviceApiKey } = tenancy;
  // Guaranteed by config validation; checked again so a misuse fails loudly, not with undefined.
  if (!managerUrl || !serviceApiKey)
    throw new Error('multi-tenant mode needs a tenant-manager URL and API key');
  return new TenantConfigClient({
    service,
    managerUrl,
    apiKey: serviceApiKey,
    cacheTtlSec: tenancy.cacheTtlSec,
    requestTimeoutSec: tenancy.requestTimeoutSec,
  });
}

@Injectable()
class TenancyLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MODULE_OPTIONS) private readonly options: TenancyModuleOptions,
    private readonly readiness: ReadinessRegistry,
    private readonly source: TenantConnectionsSource,
    private readonly runner: TenantRunner,
    private readonly db: TenantDb,
    private readonly dataSources: TenantDataSources,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.tenancy.multiTenant) {
      this.readiness.register('tenant-manager', () => this.source.ping());
      return;
    }
    await ensureDatabase(this.options.databaseUrl);
    this.readiness.register('database', () =>
      this.runner.run(DEFAULT_TENANT_ID, () =>
        this.db.transaction(async (m) => void (await m.query('SELECT 1'))),
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dataSources.closeAll();
  }
}

/**
 * Tenant resolution and tenant-scoped data access for one app. Single-tenant mode is the
 * same machinery with one static tenant, so both modes share one tested path.
 */
@Module({})
export class TenancyModule {
  static forRoot(options: TenancyModuleOptions): DynamicModule {
    const { tenancy, service } = options;
    return {
      module: TenancyModule,
      global: true,
      providers: [
        { provide: MODULE_OPTIONS, useValue: options },
        { provide: TENANCY_OPTIONS, useValue: tenancy },
        {
          provide: TenantConnectionsSource,
          useFactory: () => connectionsSourceFor(options),
        },
        {
          provide: TenantDataSources,
          useFactory: () =>
            new TenantDataSources({
              entities: options.entities,
              maxPools: tenancy.maxTenantPools,
              idleTimeoutSec: tenancy.idleTimeoutSec,
              applicationName: service,
            }),
        },
        {
          provide: TenantMigrator,
          useFactory: () => new TenantMigrator(service, options.migrations),
        },
        {
          provide: TenantDb,
          useFactory: (pools: TenantDataSources, migrator: TenantMigrator) =>
            new TenantDb(pools, migrator),
          inject: [TenantDataSources, TenantMigrator],
        },
        TenantRunner,
        TenancyLifecycle,
        TenantGuard,
        { provide: APP_GUARD, useExisting: TenantGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantContextInterceptor },
      ],
      exports: [
        TENANCY_OPTIONS,
        TenantConnectionsSource,
        TenantDataSources,
        TenantDb,
        TenantRunner,
      ],
    };
  }
}

export { TenantContext };
