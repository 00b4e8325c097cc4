import type { IsolationMode, ServiceName, TenantStatus } from '@finplat/contracts';
import type { TenantRabbitmqEntity } from '../tenant-rabbitmq.entity';
import type { TenantServiceEntity } from '../tenant-service.entity';
import type { TenantEntity } from '../tenant.entity';

export interface TenantServiceSummary {
  isolationMode: IsolationMode;
  database: string;
  schema?: string;
  status: string;
}

export interface TenantRabbitmqSummary {
  vhost: string;
  /** `provisioned`, or `skipped: <reason>`. */
  status: string;
}

/** A tenant as the admin API shows it: placements and statuses, never a password. */
export interface TenantResponse {
  id: string;
  name: string;
  status: TenantStatus;
  createdAt: string;
  updatedAt: string;
  services: Partial<Record<ServiceName, TenantServiceSummary>>;
  rabbitmq: TenantRabbitmqSummary | null;
}

export function toTenantResponse(
  tenant: TenantEntity,
  services: TenantServiceEntity[],
  rabbitmq: TenantRabbitmqEntity | null,
): TenantResponse {
  return {
    id: tenant.id,
    name: tenant.name,
    status: tenant.status,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
    services: Object.fromEntries(
      services.map((s) => [
        s.service,
        {
          isolationMode: s.isolationMode,
          database: s.database,
          ...(s.schema ? { schema: s.schema } : {}),
          status: s.status,
        },
      ]),
    ),
    rabbitmq: rabbitmq ? { vhost: rabbitmq.vhost, status: rabbitmq.status } : null,
  };
}
