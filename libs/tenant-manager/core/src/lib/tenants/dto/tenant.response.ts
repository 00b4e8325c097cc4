import type { IsolationMode, ServiceName } from '@finplat/contracts';
import type { TenantRabbitmqEntity } from '../tenant-rabbitmq.entity';
import type { TenantServiceEntity } from '../tenant-service.entity';
import type { TenantEntity, TenantLifecycleStatus } from '../tenant.entity';

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
  /** `provisioning`, `provisioning_failed`, `active`, `suspended` or `deleting`. */
  status: TenantLifecycleStatus;
  /** Present while a lifecycle run is unfinished: the step it stopped at and why. */
  lifecycle?: { step: string | null; error: string | null };
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
    ...(tenant.lifecycleError || (tenant.status !== 'active' && tenant.status !== 'suspended')
      ? { lifecycle: { step: tenant.lifecycleStep, error: tenant.lifecycleError } }
      : {}),
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
