import { Injectable } from '@nestjs/common';
import type { PageQueryDto } from '@finplat/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { tenantBusy, tenantNotFound } from '../tenant-manager.errors';
import { TenantRabbitmqEntity } from './tenant-rabbitmq.entity';
import { TenantReadOnlyLoginEntity } from './tenant-read-only-login.entity';
import { TenantServiceEntity } from './tenant-service.entity';
import { SETTLED_STATUSES, TenantEntity } from './tenant.entity';

export interface TenantRecord {
  tenant: TenantEntity;
  services: TenantServiceEntity[];
  rabbitmq: TenantRabbitmqEntity | null;
  /** Read-only logins on a service's data (decision 0033), by the service they read. */
  readOnly: TenantReadOnlyLoginEntity[];
}

/**
 * 404 0160 unless the tenant exists (seen from `manager`'s transaction, when it has one); a
 * tenant being deleted, or whose creation failed, is gone already; one being provisioned is
 * busy (409 TM-0017).
 */
export async function requireTenantExists(manager: EntityManager, tenantId: string): Promise<void> {
  const tenant = await manager.findOne(TenantEntity, {
    where: { id: tenantId },
    select: { id: true, status: true },
  });
  if (!tenant || tenant.status === 'deleting' || tenant.status === 'provisioning_failed')
    throw tenantNotFound(tenantId);
  if (tenant.status === 'provisioning') throw tenantBusy(tenantId, tenant.status);
}

/** Tenants and their placements in the control plane. */
@Injectable()
export class TenantRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `manager` joins a caller's transaction; `lock` holds the tenant row until it ends. */
  async find(
    id: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<TenantRecord | null> {
    const manager = options.manager ?? this.dataSource.manager;
    const tenant = await manager.findOne(TenantEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!tenant) return null;
    const [record] = await this.withDetails([tenant], manager);
    return record;
  }

  async list(query: PageQueryDto): Promise<TenantRecord[]> {
    const order = query.sort_order === 'desc' ? 'DESC' : 'ASC';
    const tenants = await this.dataSource.manager.find(TenantEntity, {
      order: { createdAt: order, id: order },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return this.withDetails(tenants, this.dataSource.manager);
  }

  /**
   * Renames, suspends or reactivates a settled tenant; 404 when there is none, 409 when a
   * lifecycle run owns it (its status is not the admin's to change).
   */
  async update(id: string, changes: Partial<Pick<TenantEntity, 'name' | 'status'>>): Promise<void> {
    const result = await this.dataSource.manager.update(
      TenantEntity,
      { id, status: In([...SETTLED_STATUSES]) },
      { ...changes, updatedAt: new Date() },
    );
    if ((result.affected ?? 0) > 0) return;
    await requireTenantExists(this.dataSource.manager, id);
    const tenant = await this.dataSource.manager.findOneBy(TenantEntity, { id });
    if (tenant) throw tenantBusy(id, tenant.status);
    throw tenantNotFound(id);
  }

  /** Records where a lifecycle run stands (through the caller's lock connection). */
  async setLifecycle(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<TenantEntity, 'status' | 'lifecycleStep' | 'lifecycleError'>>,
  ): Promise<void> {
    await manager.update(TenantEntity, { id }, { ...changes, updatedAt: new Date() });
  }

  /** Every settled tenant's recorded placements and vhost (for the reconciler's check). */
  async settledPlacements(): Promise<
    {
      tenantId: string;
      postgres: TenantServiceEntity[];
      rabbitmqVhost: string | null;
      readOnly: TenantReadOnlyLoginEntity[];
    }[]
  > {
    const tenants = await this.dataSource.manager.find(TenantEntity, {
      where: { status: In([...SETTLED_STATUSES]) },
    });
    const records = await this.withDetails(tenants, this.dataSource.manager);
    return records.map((r) => ({
      tenantId: r.tenant.id,
      postgres: r.services.filter((s) => s.status === 'provisioned'),
      rabbitmqVhost: r.rabbitmq?.status === 'provisioned' ? r.rabbitmq.vhost : null,
      readOnly: r.readOnly,
    }));
  }

  /** Tenants a lifecycle run left unfinished (for the reconciler). */
  async unsettled(): Promise<TenantEntity[]> {
    return this.dataSource.manager.find(TenantEntity, {
      where: { status: In(['provisioning', 'provisioning_failed', 'deleting']) },
      order: { updatedAt: 'ASC' },
    });
  }

  private async withDetails(
    tenants: TenantEntity[],
    manager: EntityManager,
  ): Promise<TenantRecord[]> {
    if (!tenants.length) return [];
    const ids = tenants.map((t) => t.id);
    // One after the other: inside a transaction the manager has a single connection.
    const services = await manager.find(TenantServiceEntity, {
      where: { tenantId: In(ids) },
      order: { service: 'ASC' },
    });
    const rabbits = await manager.find(TenantRabbitmqEntity, { where: { tenantId: In(ids) } });
    const readOnly = await manager.find(TenantReadOnlyLoginEntity, {
      where: { tenantId: In(ids) },
    });
    return tenants.map((tenant) => ({
      tenant,
      services: services.filter((s) => s.tenantId === tenant.id),
      rabbitmq: rabbits.find((r) => r.tenantId === tenant.id) ?? null,
      readOnly: readOnly.filter((r) => r.tenantId === tenant.id),
    }));
  }
}
