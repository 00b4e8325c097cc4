import { Injectable } from '@nestjs/common';
import { type IsolationMode, SERVICES, type ServiceName } from '@finplat/contracts';
import { DomainError, type Page, type PageQueryDto, PlatformErrors } from '@finplat/platform';
import { DataSource } from 'typeorm';
import { TenantEventsPublisher } from '../events/tenant-events.publisher';
import { type ProvisionedTenant, ProvisioningService } from '../provisioning/provisioning.service';
import { tenantAlreadyExists, tenantNotFound } from '../tenant-manager.errors';
import { type CreateTenantDto, placementChoice } from './dto/create-tenant.dto';
import { type TenantResponse, toTenantResponse } from './dto/tenant.response';
import type { UpdateTenantDto } from './dto/update-tenant.dto';
import { assertNewTenantId, generateTenantId } from './tenant-id';
import { TenantRabbitmqEntity } from './tenant-rabbitmq.entity';
import { TenantServiceEntity } from './tenant-service.entity';
import { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

const DEFAULT_ISOLATION: IsolationMode = 'SCHEMA';

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
};

@Injectable()
export class TenantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantRepository,
    private readonly provisioning: ProvisioningService,
    private readonly events: TenantEventsPublisher,
  ) {}

  /**
   * Registers and provisions a tenant. The tenant row is inserted first in a transaction that
   * stays open while provisioning runs: a concurrent create of the same id waits on that row
   * and then gets 409, so two runs never provision (or roll back) the same names. Nothing is
   * committed unless every database, schema, role and vhost was created; on any failure what
   * was created is dropped again and no tenant row remains.
   */
  async create(dto: CreateTenantDto): Promise<TenantResponse> {
    const id = dto.id === undefined ? generateTenantId() : assertNewTenantId(dto.id);
    const isolation = Object.fromEntries(
      SERVICES.map((service) => [service, dto.isolation?.[service] ?? DEFAULT_ISOLATION]),
    ) as Record<ServiceName, IsolationMode>;
    const placement = placementChoice(dto.placement);
    this.provisioning.assertPlacement(placement);

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let provisioned: ProvisionedTenant | undefined;
    try {
      await runner.startTransaction();
      const now = new Date();
      try {
        await runner.manager.insert(TenantEntity, {
          id,
          name: dto.name,
          status: 'active',
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        throw isUniqueViolation(error) ? tenantAlreadyExists(id) : error;
      }
      provisioned = await this.provisioning.provision(id, isolation, placement);
      await runner.manager.insert(
        TenantServiceEntity,
        provisioned.postgres.map((p) => ({
          tenantId: id,
          ...p,
          status: 'provisioned',
          provisionedAt: now,
        })),
      );
      await runner.manager.insert(TenantRabbitmqEntity, {
        tenantId: id,
        ...provisioned.rabbitmq,
        updatedAt: now,
      });
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // Provisioning succeeded but could not be recorded: take it back too.
      if (provisioned) await provisioned.rollback();
      throw error;
    } finally {
      await runner.release();
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
    if (!(await this.tenants.update(id, changes))) throw tenantNotFound(id);
    if (dto.status !== undefined)
      await this.events.publish(
        dto.status === 'suspended' ? 'tenant.suspended' : 'tenant.activated',
        id,
      );
    else await this.events.publish('tenant.updated', id);
    return this.get(id);
  }

  /**
   * Deprovisions and forgets a tenant. The row is locked for the whole run, and deleted only
   * after every object is gone; a failure leaves it in place so that a retry finishes the job
   * (deprovisioning is idempotent).
   */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const record = await this.tenants.find(id, { manager, lock: true });
      if (!record) throw tenantNotFound(id);
      await this.provisioning.deprovision({
        tenantId: id,
        postgres: record.services,
        rabbitmq: record.rabbitmq,
      });
      // Associations, RabbitMQ record and clients go with it (ON DELETE CASCADE).
      await manager.delete(TenantEntity, { id });
    });
    await this.events.publish('tenant.deleted', id);
  }
}
