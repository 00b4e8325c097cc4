import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  TENANT_EVENTS_CHANNEL,
  type ServiceName,
  type TenantEventType,
  type TenantLifecycleEvent,
} from '@finplat/contracts';
import Redis from 'ioredis';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';

/**
 * Announces tenant lifecycle changes on Redis pub/sub so running apps act within a second.
 * Without Redis (or when it is down) nothing is lost for correctness: apps still revalidate
 * every MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC and when their cache expires.
 */
@Injectable()
export class TenantEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(TenantEventsPublisher.name);
  private readonly redis?: Redis;

  constructor(@Inject(TENANT_MANAGER_OPTIONS) options: TenantManagerOptions) {
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    }
  }

  async publish(type: TenantEventType, tenantId: string, service?: ServiceName): Promise<void> {
    const event: TenantLifecycleEvent = {
      type,
      tenantId,
      ...(service ? { service } : {}),
      occurredAt: new Date().toISOString(),
    };
    if (!this.redis) return;
    try {
      await this.redis.publish(TENANT_EVENTS_CHANNEL, JSON.stringify(event));
    } catch (error) {
      this.logger.warn(`could not publish ${type} for ${tenantId}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
