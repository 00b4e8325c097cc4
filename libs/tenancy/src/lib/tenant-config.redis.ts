import type { ServiceName, TenantConnections } from '@finplat/contracts';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { tenantKey } from './tenant-key';

export interface TenancyRedisOptions {
  host: string;
  port: number;
  password?: string;
  tls: boolean;
}

/** A connection to MULTI_TENANT_REDIS_HOST (`_PORT`, `_PASSWORD`, `_TLS` honoured). */
export function connectTenancyRedis(options: TenancyRedisOptions, name: string): Redis {
  const logger = new Logger(`TenancyRedis:${name}`);
  const redis = new Redis({
    host: options.host,
    port: options.port,
    password: options.password,
    ...(options.tls ? { tls: {} } : {}),
    connectionName: name,
    lazyConnect: false,
    // A cache must never make a request wait on a dead Redis: fail commands fast, keep
    // reconnecting in the background.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: name === 'subscriber',
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`redis: ${error.message}`);
    lastError = error.message;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

/** Redis key of one tenant's settings for one service. */
export const connectionsKey = (tenantId: string, service: ServiceName) =>
  tenantKey(tenantId, 'connections', service);

/**
 * The tenant-config layer shared by every instance: `tenant:{id}:connections:{service}`
 * holding tenant-manager's answer for MULTI_TENANT_CACHE_TTL_SEC. Redis trouble is never an
 * error for the caller: a failed read is a miss, a failed write is skipped.
 */
export class RedisConfigCache {
  private readonly logger = new Logger(RedisConfigCache.name);

  constructor(
    private readonly redis: Redis,
    private readonly service: ServiceName,
    private readonly ttlSec: number,
  ) {}

  /** Not connected right now: skip Redis at once rather than make a request wait for it. */
  private get usable(): boolean {
    return this.redis.status === 'ready';
  }

  async get(tenantId: string): Promise<TenantConnections | undefined> {
    if (!this.usable) return undefined;
    try {
      const raw = await this.redis.get(connectionsKey(tenantId, this.service));
      if (!raw) return undefined;
      const value = JSON.parse(raw) as TenantConnections;
      // Only what tenant-manager itself returned for this tenant is ever written; check anyway.
      if (value?.id !== tenantId || value.service !== this.service || value.status !== 'active')
        return undefined;
      return value;
    } catch (error) {
      this.logger.debug(`read of ${tenantId} skipped: ${(error as Error).message}`);
      return undefined;
    }
  }

  async set(tenantId: string, value: TenantConnections): Promise<void> {
    if (!this.usable) return;
    try {
      await this.redis.set(
        connectionsKey(tenantId, this.service),
        JSON.stringify(value),
        'EX',
        this.ttlSec,
      );
    } catch (error) {
      this.logger.debug(`write of ${tenantId} skipped: ${(error as Error).message}`);
    }
  }

  /** Best effort; an entry left behind by a Redis outage still expires with its TTL. */
  async delete(tenantId: string): Promise<void> {
    if (!this.usable) return;
    try {
      await this.redis.del(connectionsKey(tenantId, this.service));
    } catch (error) {
      this.logger.debug(`delete of ${tenantId} skipped: ${(error as Error).message}`);
    }
  }
}
