import { Injectable } from '@nestjs/common';
import { type IsolationMode, SERVICES, type ServiceName } from '@finplat/contracts';
import { DomainError, type Page, type PageQueryDto, PlatformErrors } from '@finplat/platform';
import { TenantEventsPublisher } from '../events/tenant-events.publisher';
import { TenantLifecycleService } from '../lifecycle/tenant-lifecycle.service';
import { TenantLocks } from '../lifecycle/tenant-locks';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { tenantAlreadyExists, tenantNotFound } from '../tenant-manager.errors';
import { type CreateTenantDto, placementChoice } from './dto/create-tenant.dto';
import { type TenantResponse, toTenantResponse } from './dto/tenant.response';
import type { UpdateTenantDto } from './dto/update-tenant.dto';
import { assertNewTenantId, generateTenantId } from './tenant-id';
import { TenantEntity, type TenantSpec } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

const DEFAULT_ISOLATION: IsolationMode = 'SCHEMA';

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
};

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly provisioning: ProvisioningService,
    private readonly lifecycle: TenantLifecycleService,
    private readonly locks: TenantLocks,
    private readonly events: TenantEventsPublisher,
  ) {}

  /**
   * Registers and provisions a tenant (decision 0040). Under the tenant's lock its row is
   * committed as `provisioning` first (a concurrent create of the same id gets 409), so a run
   * that dies half-way is visible and resumable; the steps then create every database, schema,
   * role and vhost, and the tenant becomes `active`. On a failure what was created is taken
   * back and no tenant remains (or it stays `provisioning_failed` when even that failed).
   */
  async create(dto: CreateTenantDto): Promise<TenantResponse> {
    const id = dto.id === undefined ? generateTenantId() : assertNewTenantId(dto.id);
    const isolation = Object.fromEntries(
      SERVICES.map((service) => [service, dto.isolation?.[service] ?? DEFAULT_ISOLATION]),
    ) as Record<ServiceName, IsolationMode>;
    const placement = placementChoice(dto.placement);
    this.provisioning.assertPlacement(placement);
    const spec: TenantSpec = { isolation, placement };

    const lock = await this.locks.acquire(id);
    try {
      const now = new Date();
      try {
        await lock.manager.insert(TenantEntity, {
          id,
          name: dto.name,
          status: 'provisioning',
          spec,
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        throw isUniqueViolation(error) ? tenantAlreadyExists(id) : error;
      }
      await this.lifecycle.create(lock, {
        tenantId: id,
        spec,
        recorded: { postgres: [], rabbitmq: null },
      });
    } finally {
      await lock.release();
    }
    await this.events.publish('tenant.created', id);
    return this.get(id);
  }

  async list(query: PageQueryDto): Promise<Page<TenantResponse>> {
    const records = await this.tenants.list(query);
    return {
      items: records.map((r) => toTenantResponse(r.tenant, r.services, r.rabbitmq)),
      page: query.page,
      limit: query.limit,
    };
  }

  async get(id: string): Promise<TenantResponse> {
    const record = await this.tenants.find(id);
    if (!record) throw tenantNotFound(id);
    return toTenantResponse(record.tenant, record.services, record.rabbitmq);
  }

  /**
   * Suspends, reactivates or renames, then announces it on the lifecycle channel so running
   * services act within a second (their revalidation every
   * MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC catches a lost event).
   */
  async update(id: string, dto: UpdateTenantDto): Promise<TenantResponse> {
    if (dto.status === undefined && dto.name === undefined) {
      throw new DomainError(
        PlatformErrors.MISSING_FIELDS,
        'Nothing to change: send status and/or name.',
        {
          fields: { status: 'status or name is required' },
        },
      );
    }
    const changes = {
      ...(dto.status !== undefined ? { status: dto.status } : {}),
      ...(dto.name !== undefined ? { name: dto.name } : {}),
    };
    await this.tenants.update(id, changes);
    if (dto.status !== undefined)
      await this.events.publish(
        dto.status === 'suspended' ? 'tenant.suspended' : 'tenant.activated',
        id,
      );
    else await this.events.publish('tenant.updated', id);
    return this.get(id);
  }

  /**
   * Deprovisions and forgets a tenant, in any state. Under the tenant's lock it becomes
   * `deleting`, its objects are removed step by step, and the row goes last; a failure leaves
   * it `deleting` (with the error) so that a retry or the reconciler finishes the job.
   */
  async remove(id: string): Promise<void> {
    const lock = await this.locks.acquire(id);
    try {
      const record = await this.tenants.find(id, { manager: lock.manager });
      if (!record) throw tenantNotFound(id);
      await this.lifecycle.delete(lock, record);
    } finally {
      await lock.release();
    }
  }
}
