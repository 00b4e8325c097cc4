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
import { MetricsRegistry, ReadinessRegistry } from '@finplat/platform';
import type Redis from 'ioredis';
import type { EntitySchema, MixedList } from 'typeorm';
import { ensureDatabase } from './ensure-database';
import { DEFAULT_TENANT_ID, StaticTenantSource } from './static-tenant.source';
import { TenantConfigClient } from './tenant-config.client';
import { connectTenancyRedis, RedisConfigCache } from './tenant-config.redis';
import { TenantConfigWatcher } from './tenant-config.watcher';
import { TenancyMetrics } from './tenancy.metrics';
import { TenantConnectionsSource } from './tenant-connections.source';
import { TenantContext } from './tenant-context';
import { TenantContextInterceptor } from './tenant-context.interceptor';
import { TenantDataSources } from './tenant-data-sources';
import { TenantDb } from './tenant-db';
import { TenantLifecycleHooks } from './tenant-lifecycle.hooks';
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

/** The cache connection to MULTI_TENANT_REDIS_HOST, when set and caching is on. */
const TENANCY_REDIS = Symbol('TENANCY_REDIS');

function connectionsSourceFor(
  { service, tenancy, databaseUrl }: TenancyModuleOptions,
  redis: Redis | undefined,
  metrics: TenancyMetrics,
): TenantConnectionsSource {
  if (!tenancy.multiTenant) return new StaticTenantSource(service, databaseUrl);
  const { managerUrl, serviceApiKey } = tenancy;
  // Guaranteed by config validation; checked again so a misuse fails loudly, not with undefined.
  if (!managerUrl || !serviceApiKey)
    throw new Error('multi-tenant mode needs a tenant-manager URL and API key');
  const client = new TenantConfigClient({
    service,
    managerUrl,
    apiKey: serviceApiKey,
    cacheTtlSec: tenancy.cacheTtlSec,
    requestTimeoutSec: tenancy.requestTimeoutSec,
    breakerThreshold: tenancy.circuitBreakerThreshold,
    breakerTimeoutSec: tenancy.circuitBreakerTimeoutSec,
    redis: redis ? new RedisConfigCache(redis, service, tenancy.cacheTtlSec) : undefined,
    metrics,
  });
  metrics.watchCircuit(() => client.circuitState);
  return client;
}

@Injectable()
class TenancyLifecycle implements OnModuleInit, OnApplicationShutdown {
  private watcher?: TenantConfigWatcher;
  private subscriber?: Redis;

  constructor(
    @Inject(TENANCY_REDIS) private readonly redis: Redis | undefined,
    private readonly metrics: TenancyMetrics,
    @Inject(MODULE_OPTIONS) private readonly options: TenancyModuleOptions,
    private readonly readiness: ReadinessRegistry,
    private readonly source: TenantConnectionsSource,
    private readonly runner: TenantRunner,
    private readonly db: TenantDb,
    private readonly dataSources: TenantDataSources,
    private readonly hooks: TenantLifecycleHooks,
  ) {}

  async onModuleInit(): Promise<void> {
    const { tenancy, service } = this.options;
    if (tenancy.multiTenant) {
      this.readiness.register('tenant-manager', () => this.source.ping());
      if (this.source instanceof TenantConfigClient) {
        // Events go to every instance whether or not the shared cache is on (TTL 0).
        if (tenancy.redis) this.subscriber = connectTenancyRedis(tenancy.redis, 'subscriber');
        this.watcher = new TenantConfigWatcher(
          this.source,
          this.dataSources,
          {
            service,
            checkIntervalSec: tenancy.connectionsCheckIntervalSec,
            idleTimeoutSec: tenancy.idleTimeoutSec,
            onEvent: (event) => this.metrics.event(event.type),
            hooks: this.hooks,
          },
          this.subscriber,
        );
        await this.watcher.start();
      }
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
    this.watcher?.stop();
    if (this.source instanceof TenantConfigClient) this.source.close();
    await Promise.all(
      [this.subscriber, this.redis].map((r) => r?.quit().catch(() => r.disconnect())),
    );
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
          provide: TENANCY_REDIS,
          useFactory: () =>
            tenancy.multiTenant && tenancy.redis && tenancy.cacheTtlSec > 0
              ? connectTenancyRedis(tenancy.redis, 'cache')
              : undefined,
        },
        {
          provide: TenancyMetrics,
          useFactory: (metrics: MetricsRegistry, pools: TenantDataSources) =>
            new TenancyMetrics(metrics, pools),
          inject: [MetricsRegistry, TenantDataSources],
        },
        {
          provide: TenantConnectionsSource,
          useFactory: (redis: Redis | undefined, metrics: TenancyMetrics) =>
            connectionsSourceFor(options, redis, metrics),
          inject: [TENANCY_REDIS, TenancyMetrics],
        },
        {
          provide: TenantDataSources,
          useFactory: () =>
            new TenantDataSources({
              entities: options.entities,
              maxPools: tenancy.maxTenantPools,
              idleTimeoutSec: tenancy.idleTimeoutSec,
              applicationName: service,
              poolWaitTimeoutSec: tenancy.poolWaitTimeoutSec,
              poolQueueSize: tenancy.poolQueueSize,
            }),
        },
        {
          provide: TenantMigrator,
          useFactory: () => new TenantMigrator(service, options.migrations),
        },
        {
          provide: TenantDb,
          useFactory: (
            pools: TenantDataSources,
            migrator: TenantMigrator,
            source: TenantConnectionsSource,
          ) => new TenantDb(pools, migrator, source),
          inject: [TenantDataSources, TenantMigrator, TenantConnectionsSource],
        },
        TenantRunner,
        { provide: TenantLifecycleHooks, useFactory: () => new TenantLifecycleHooks() },
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
        TenantLifecycleHooks,
      ],
    };
  }
}

export { TenantContext };
