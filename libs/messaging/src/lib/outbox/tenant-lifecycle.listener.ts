import type { TenantChange } from '@finplat/tenancy';

/** What the listener drives: an app's outbox relay and consumers for each tenant. */
export interface TenantFollower {
  /** Whether this instance relays or consumes for the tenant right now. */
  follows(tenantId: string): boolean;
  addTenant(tenantId: string): void;
  removeTenant(tenantId: string): Promise<void>;
  refreshTenant(tenantId: string): Promise<void>;
}

/**
 * Makes an app's per-tenant relay and consumers follow the tenancy lifecycle: suspension
 * and deletion stop them, new credentials or placement reconnect them with what tenant-manager
 * now says, and reactivation resumes a tenant this instance stopped on suspension. Tenants this
 * instance never followed are left alone (the next committed write starts them).
 */
export function tenantLifecycleListener(
  follower: TenantFollower,
): (change: TenantChange) => Promise<void> {
  const parked = new Set<string>();
  return async ({ tenantId, type }) => {
    switch (type) {
      case 'tenant.suspended':
        if (!follower.follows(tenantId)) return;
        parked.add(tenantId);
        await follower.removeTenant(tenantId);
        return;
      case 'tenant.deleted':
        parked.delete(tenantId);
        await follower.removeTenant(tenantId);
        return;
      case 'tenant.activated':
        if (parked.delete(tenantId) || follower.follows(tenantId))
          await follower.refreshTenant(tenantId);
        return;
      case 'tenant.credentials.rotated':
      case 'tenant.placement.changed':
        if (follower.follows(tenantId)) await follower.refreshTenant(tenantId);
        return;
      default:
        return;
    }
  };
}
