import { Logger } from '@nestjs/common';
import type { TenantEventType } from '@finplat/contracts';

/** What an instance learnt about one tenant, after its caches and pools have caught up. */
export interface TenantChange {
  tenantId: string;
  /**
   * The lifecycle event received, or what a revalidation round found instead: `tenant.deleted`
   * (tenant-manager answers 404), `tenant.suspended` (403) or `tenant.placement.changed`
   * (other connection settings, credentials included).
   */
  type: TenantEventType;
  /** `event`: a Redis lifecycle message; `revalidation`: MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC. */
  source: 'event' | 'revalidation';
}

export type TenantChangeListener = (change: TenantChange) => void | Promise<void>;

/**
 * The extension point for whatever else an app keeps per tenant (broker consumers, timers):
 * listeners registered with `onTenantChanged` are called by the tenant config watcher once it
 * has handled a lifecycle event or a revalidation change, so the tenant's settings are already
 * refetched when they run. A listener's failure is logged and never reaches the others.
 */
export class TenantLifecycleHooks {
  private readonly logger = new Logger(TenantLifecycleHooks.name);
  private readonly listeners = new Set<TenantChangeListener>();

  /** Registers a listener; the returned function unregisters it. */
  onTenantChanged(listener: TenantChangeListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Calls every listener, concurrently, and resolves once all have finished. */
  async notify(change: TenantChange): Promise<void> {
    await Promise.all(
      [...this.listeners].map(async (listener) => {
        try {
          await listener(change);
        } catch (error) {
          this.logger.warn(
            `listener failed on ${change.type} of ${change.tenantId}: ${(error as Error).message}`,
          );
        }
      }),
    );
  }
}
