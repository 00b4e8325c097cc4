import type { TenantConnections } from '@finplat/contracts';

/** Where an app learns a tenant's connection settings: one static tenant, or tenant-manager. */
export abstract class TenantConnectionsSource {
  abstract get(tenantId: string): Promise<TenantConnections>;
  /** Forget what is cached for a tenant, so the next request refetches it. */
  abstract invalidate(tenantId: string): void;
  /** Throws when the source cannot currently answer (for /readyz). */
  abstract ping(): Promise<void>;
}
