import { Logger } from '@nestjs/common';
import {
  parseTenantEvent,
  TENANT_EVENTS_CHANNEL,
  type ServiceName,
  type TenantConnections,
  type TenantEventType,
  type TenantLifecycleEvent,
} from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import type Redis from 'ioredis';
import type { TenantConfigClient } from './tenant-config.client';
import { TenantDataSources } from './tenant-data-sources';
import type { TenantLifecycleHooks } from './tenant-lifecycle.hooks';

export interface TenantConfigWatcherOptions {
  service: ServiceName;
  /** MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC. */
  checkIntervalSec: number;
  /** Tenants not used for this long have no pool left to revalidate. */
  idleTimeoutSec: number;
  onEvent?: (event: TenantLifecycleEvent) => void;
  /** Told of every event and revalidation change once it has been handled here. */
  hooks?: TenantLifecycleHooks;
}

/** 404 or 403 from tenant-manager: the tenant is gone or suspended (an answer, not an outage). */
const goneOrSuspended = (error: unknown): TenantEventType | undefined => {
  const code = error instanceof DomainError ? error.definition.code : undefined;
  if (code === PlatformErrors.TENANT_NOT_FOUND.code) return 'tenant.deleted';
  if (code === PlatformErrors.TENANT_SUSPENDED.code) return 'tenant.suspended';
  return undefined;
};

const isGoneOrSuspended = (error: unknown): boolean => goneOrSuspended(error) !== undefined;

/**
 * Keeps an instance's view of its tenants current. A lifecycle event on Redis
 * (TENANT_EVENTS_CHANNEL) makes it forget the tenant in every cache and refetch from
 * tenant-manager at once; every MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC it refetches the
 * tenants it served recently, catching whatever an event missed. In both cases the tenant's old
 * pool is retired (closed once its in-flight work ends) when tenant-manager now answers 403/404
 * or with settings that lead to another pool.
 *
 * The event is only a nudge: its content beyond type and tenant id is ignored, and nothing it
 * says is ever used as connection settings. A forged message can at most cause a refetch.
 */
export class TenantConfigWatcher {
  private readonly logger = new Logger(TenantConfigWatcher.name);
  private timer?: NodeJS.Timeout;
  private revalidating = false;

  constructor(
    private readonly client: TenantConfigClient,
    private readonly pools: TenantDataSources,
    private readonly options: TenantConfigWatcherOptions,
    private readonly subscriber?: Redis,
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.revalidate(), this.options.checkIntervalSec * 1000);
    this.timer.unref();
    if (!this.subscriber) return;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== TENANT_EVENTS_CHANNEL) return;
      const event = parseTenantEvent(message);
      if (!event) return;
      if (event.service && event.service !== this.options.service) return;
      this.options.onEvent?.(event);
      void this.refresh(event.tenantId)
        .catch((error: Error) =>
          this.logger.warn(
            `refresh of ${event.tenantId} after ${event.type} failed: ${error.message}`,
          ),
        )
        .then(() =>
          this.options.hooks?.notify({
            tenantId: event.tenantId,
            type: event.type,
            source: 'event',
          }),
        );
    });
    // ioredis re-subscribes by itself after a reconnect, but only to channels it once
    // subscribed: with Redis down at boot, subscribe again whenever it becomes ready.
    const subscriber = this.subscriber;
    let subscribed = false;
    const subscribe = () =>
      subscriber.subscribe(TENANT_EVENTS_CHANNEL).then(
        () => void (subscribed = true),
        (error: Error) =>
          this.logger.warn(`not subscribed to ${TENANT_EVENTS_CHANNEL} yet: ${error.message}`),
      );
    subscriber.on('ready', () => {
      if (!subscribed) void subscribe();
    });
    await subscribe();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Forgets a tenant, refetches it, and retires its old pool if it must not be used any more. */
  async refresh(tenantId: string): Promise<void> {
    const before = this.client.lastKnown(tenantId);
    await this.client.invalidate(tenantId);
    // A tenant this instance does not hold: forgetting it is all there is to do.
    if (!before) return;
    let after: TenantConnections | undefined;
    try {
      after = await this.client.get(tenantId);
    } catch (error) {
      // Unreachable tenant-manager: nothing learnt; the next request or revalidation decides.
      if (!isGoneOrSuspended(error)) return;
    }
    await this.retireIfMoved(tenantId, before, after);
  }

  /** One revalidation round over the tenants this instance served recently. */
  async revalidate(): Promise<void> {
    if (this.revalidating) return;
    this.revalidating = true;
    try {
      const since = Date.now() - this.options.idleTimeoutSec * 1000;
      for (const tenantId of this.client.recentTenants(since)) {
        const before = this.client.lastKnown(tenantId);
        if (!before) continue;
        let after: TenantConnections | undefined;
        let type: TenantEventType = 'tenant.placement.changed';
        try {
          after = await this.client.fetchFresh(tenantId);
        } catch (error) {
          const answer = goneOrSuspended(error);
          if (!answer) return; // tenant-manager down: try next round
          type = answer;
        }
        if (after && JSON.stringify(after) === JSON.stringify(before)) continue;
        await this.client.invalidate(tenantId);
        await this.retireIfMoved(tenantId, before, after);
        await this.options.hooks?.notify({ tenantId, type, source: 'revalidation' });
      }
    } finally {
      this.revalidating = false;
    }
  }

  private async retireIfMoved(
    tenantId: string,
    before: TenantConnections | undefined,
    after: TenantConnections | undefined,
  ): Promise<void> {
    if (!before) return;
    if (after && TenantDataSources.poolKey(after) === TenantDataSources.poolKey(before)) return;
    // SCHEMA-mode tenants share their database's gateway pool with other tenants: a suspension
    // or deletion closes the tenant's door (the guard answers 403/404), not their pool.
    if (!after && before.isolationMode === 'SCHEMA' && before.postgresql.gateway) return;
    this.logger.log(
      `retiring the pool of ${tenantId}: ${after ? 'settings changed' : 'tenant gone or suspended'}`,
    );
    await this.pools.retire(before);
  }
}
