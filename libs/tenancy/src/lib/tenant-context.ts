import { AsyncLocalStorage } from 'node:async_hooks';
import type { TenantConnections } from '@finplat/contracts';

/** Who the current unit of work belongs to, and where that tenant's data lives. */
export interface TenantScope {
  readonly tenantId: string;
  readonly connections: TenantConnections;
}

const storage = new AsyncLocalStorage<TenantScope>();

/**
 * The tenant of the current request or job. Set once, by the tenancy guard (HTTP) or by the
 * consumer of a tenant's queue; read by data access. Nothing else chooses a tenant.
 */
export const TenantContext = {
  run<T>(scope: TenantScope, fn: () => T): T {
    return storage.run(scope, fn);
  },

  current(): TenantScope {
    const scope = storage.getStore();
    if (!scope) throw new Error('No tenant in context: data access outside a tenant-scoped unit');
    return scope;
  },

  currentOrUndefined(): TenantScope | undefined {
    return storage.getStore();
  },
};
