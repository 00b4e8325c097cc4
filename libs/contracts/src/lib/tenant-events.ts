import { SERVICES, TENANT_ID_PATTERN, type ServiceName } from './tenant-connections';

/** Redis pub/sub channel on which tenant-manager announces tenant lifecycle changes. */
export const TENANT_EVENTS_CHANNEL = 'tenant-events';

export const TENANT_EVENT_TYPES = [
  'tenant.created',
  'tenant.updated',
  'tenant.suspended',
  'tenant.activated',
  'tenant.deleted',
  'tenant.credentials.rotated',
  'tenant.placement.changed',
] as const;
export type TenantEventType = (typeof TENANT_EVENT_TYPES)[number];

/**
 * A lifecycle event. It says *that* something changed, never *what* the new settings are:
 * no host, database or secret travels on the bus. Apps refetch from tenant-manager, so a
 * forged message can at most make an app ask again.
 */
export interface TenantLifecycleEvent {
  type: TenantEventType;
  tenantId: string;
  /** Set when only one service's association changed. */
  service?: ServiceName;
  occurredAt: string;
}

/** Parses a message from the bus; anything malformed is ignored (undefined). */
export function parseTenantEvent(raw: string): TenantLifecycleEvent | undefined {
  let value: Partial<TenantLifecycleEvent>;
  try {
    value = JSON.parse(raw) as Partial<TenantLifecycleEvent>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  if (!TENANT_EVENT_TYPES.includes(value.type as TenantEventType)) return undefined;
  if (typeof value.tenantId !== 'string' || !TENANT_ID_PATTERN.test(value.tenantId))
    return undefined;
  if (value.service !== undefined && !SERVICES.includes(value.service)) return undefined;
  return {
    type: value.type as TenantEventType,
    tenantId: value.tenantId,
    ...(value.service ? { service: value.service } : {}),
    occurredAt: typeof value.occurredAt === 'string' ? value.occurredAt : new Date().toISOString(),
  };
}
