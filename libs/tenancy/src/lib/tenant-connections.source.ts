import type { TenantConnections } from '@finplat/contracts';

/** Where an app learns a tenant's connection settings: one static tenant, or tenant-manager. */
export abstract class TenantConnectionsSource {
  abstract get(tenantId: string): Promise<TenantConnections>;
  /** Forget what is cached for a tenant, so the next request refetches it. */
  abstract invalidate(tenantId: string): void | Promise<void>;
  /**
   * Throws when the source cannot currently answer (for /readyz); resolves `{ degraded }` when
   * it cannot reach its origin but still serves from cache.
   */
  abstract ping(): Promise<void | { degraded: string }>;
}
