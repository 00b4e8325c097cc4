import { Inject, Injectable } from '@nestjs/common';
import type { ServiceName, TenantConnections } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import {
  ProvisioningService,
  RABBITMQ_PROVISIONED,
  READ_ONLY_READER,
  READ_ONLY_SOURCE,
} from '../provisioning/provisioning.service';
import {
  tenantMoving,
  tenantNotFound,
  tenantNotReady,
  tenantSuspended,
} from '../tenant-manager.errors';
import { ASSOCIATION_MOVING } from '../tenant-data/tenant-data.service';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import { TenantRepository } from '../tenants/tenant.repository';

/** What a service needs to reach one tenant's data and broker (CONTRACT.md, connections). */
@Injectable()
export class ConnectionsService {
  constructor(
    @Inject(TENANT_MANAGER_OPTIONS) private readonly options: TenantManagerOptions,
    private readonly tenants: TenantRepository,
    private readonly provisioning: ProvisioningService,
  ) {}

  async connections(tenantId: string, service: ServiceName): Promise<TenantConnections> {
    const record = await this.tenants.find(tenantId);
    // Being deleted, or a creation that failed: gone for services, which close its pools.
    if (
      !record ||
      record.tenant.status === 'deleting' ||
      record.tenant.status === 'provisioning_failed'
    )
      throw tenantNotFound(tenantId);
    if (record.tenant.status === 'provisioning') throw tenantNotReady(tenantId);
    // A suspended tenant's credentials are not handed out: services close its pools.
    if (record.tenant.status !== 'active') throw tenantSuspended(tenantId);
    const placement = record.services.find((s) => s.service === service);
    if (!placement) {
      throw new DomainError(
        PlatformErrors.ENTITY_NOT_FOUND,
        `Tenant "${tenantId}" has no ${service} association.`,
        { entityType: 'TenantAssociation' },
      );
    }

    // Being promoted or restored: services hold off (503 + Retry-After) and come back after.
    if (placement.status === ASSOCIATION_MOVING) throw tenantMoving(tenantId, service);

    const postgresql: TenantConnections['postgresql'] = {
      host: placement.host,
      port: placement.port,
      database: placement.database,
      username: placement.username,
      password: placement.password,
    };
    if (placement.isolationMode === 'SCHEMA') {
      if (placement.schema) postgresql.schema = placement.schema;
      const gateway = await this.provisioning.gatewayFor(service, placement.database, placement);
      if (gateway) postgresql.gateway = { username: gateway.username, password: gateway.password };
    }

    // Reporter reads the tenant's ledger data through its read-only login only (decision 0033).
    const readOnly =
      service === READ_ONLY_READER
        ? record.readOnly.find((login) => login.service === READ_ONLY_SOURCE)
        : undefined;

    const rabbit = record.rabbitmq;
    return {
      id: record.tenant.id,
      status: 'active',
      service,
      isolationMode: placement.isolationMode,
      postgresql,
      ...(rabbit && rabbit.status === RABBITMQ_PROVISIONED && rabbit.password
        ? {
            rabbitmq: {
              host: this.options.rabbitmqAmqpHost,
              port: this.options.rabbitmqAmqpPort,
              vhost: rabbit.vhost,
              username: rabbit.username,
              password: rabbit.password,
            },
          }
        : {}),
      ...(readOnly
        ? {
            ledgerReadOnly: {
              host: readOnly.host,
              port: readOnly.port,
              database: readOnly.database,
              ...(readOnly.schema ? { schema: readOnly.schema } : {}),
              username: readOnly.username,
              password: readOnly.password,
            },
          }
        : {}),
    };
  }
}
