import { TENANT_ID_PATTERN } from '@finplat/contracts';

/**
 * The one way the platform names a Redis key: `tenant:{id}:{part}:{part}…`. Every key an app
 * writes goes through here, so two tenants' identical logical keys never meet. The tenant id
 * is validated (it cannot carry a `:`), which keeps one tenant from forging another's prefix.
 */
export function tenantKey(tenantId: string, ...parts: (string | number)[]): string {
  if (!TENANT_ID_PATTERN.test(tenantId))
    throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  if (parts.length === 0) throw new Error('a tenant key needs at least one part after the tenant');
  return ['tenant', tenantId, ...parts.map(String)].join(':');
}

/** The prefix of every key of one tenant (for scans or bulk deletes of that tenant alone). */
export function tenantKeyPrefix(tenantId: string): string {
  if (!TENANT_ID_PATTERN.test(tenantId))
    throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return `tenant:${tenantId}:`;
}
