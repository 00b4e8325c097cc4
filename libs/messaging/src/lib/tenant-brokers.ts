import { DomainError, PlatformErrors } from '@finplat/platform';
import { DEFAULT_TENANT_ID, TenantConnectionsSource } from '@finplat/tenancy';
import { amqpUrlOf } from './broker-url';

/**
 * Where a tenant's broker is. Multi-tenant: the tenant's own vhost and user, as tenant-manager
 * provisioned them (`connections.rabbitmq`). Single-tenant: RABBITMQ_URL for the tenant
 * `default`. Undefined when the tenant has no broker (RABBITMQ_URL unset, or provisioning
 * skipped the vhost): its events then wait in the outbox.
 */
export class TenantBrokers {
  constructor(
    private readonly source: TenantConnectionsSource,
    private readonly singleTenantUrl?: string,
  ) {}

  async urlFor(tenantId: string): Promise<string | undefined> {
    const connections = await this.source.get(tenantId);
    if (connections.rabbitmq) return amqpUrlOf(connections.rabbitmq);
    if (tenantId === DEFAULT_TENANT_ID) return this.singleTenantUrl;
    return undefined;
  }
}

/** The tenant was suspended or deleted: stop working for it until it shows up again. */
export function isTenantGone(error: unknown): boolean {
  return (
    error instanceof DomainError &&
    (error.code === PlatformErrors.TENANT_NOT_FOUND.code ||
      error.code === PlatformErrors.TENANT_SUSPENDED.code)
  );
}
