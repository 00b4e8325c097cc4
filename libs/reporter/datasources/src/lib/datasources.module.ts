import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { DataSourceConfig } from './datasource.config';
import { DataSourcePools } from './datasource-pools';
import { DataSourcesController } from './datasources.controller';
import { DataSourcesService } from './datasources.service';

export interface DataSourcesModuleOptions {
  sources: DataSourceConfig[];
  multiTenant: boolean;
  maxTenantPools: number;
  idleTimeoutSec: number;
  /** Shared schema cache (keys carry the tenant id). */
  redisUrl?: string;
}

const REDIS = Symbol('REPORTER_SCHEMA_REDIS');

@Injectable()
class DataSourcesShutdown implements OnApplicationShutdown {
  constructor(
    private readonly pools: DataSourcePools,
    @Inject(REDIS) private readonly redis: Redis | undefined,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pools.closeAll();
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/** `GET /v1/data-sources` and the reads reports make from the tenant's data. */
@Module({})
export class DataSourcesModule {
  static forRoot(options: DataSourcesModuleOptions): DynamicModule {
    return {
      module: DataSourcesModule,
      global: true,
      controllers: [DataSourcesController],
      providers: [
        { provide: DataSourcePools, useFactory: () => new DataSourcePools(options) },
        {
          provide: REDIS,
          useFactory: () =>
            options.redisUrl
              ? new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
              : undefined,
        },
        {
          provide: DataSourcesService,
          useFactory: (pools: DataSourcePools, redis: Redis | undefined) =>
            new DataSourcesService(pools, redis),
          inject: [DataSourcePools, REDIS],
        },
        DataSourcesShutdown,
      ],
      exports: [DataSourcesService],
    };
  }
}
