import { Injectable } from '@nestjs/common';
import type { PageQueryDto } from '@finplat/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { tenantNotFound } from '../tenant-manager.errors';
import { TenantRabbitmqEntity } from './tenant-rabbitmq.entity';
import { TenantServiceEntity } from './tenant-service.entity';
import { TenantEntity } from './tenant.entity';

export interface TenantRecord {
  tenant: TenantEntity;
  services: TenantServiceEntity[];
  rabbitmq: TenantRabbitmqEntity | null;
}

/** 404 0160 unless the tenant exists (seen from `manager`'s transaction, when it has one). */
export async function requireTenantExists(manager: EntityManager, tenantId: string): Promise<void> {
  if (!(await manager.existsBy(TenantEntity, { id: tenantId }))) throw tenantNotFound(tenantId);
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

  async update(
    id: string,
    changes: Partial<Pick<TenantEntity, 'name' | 'status'>>,
  ): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      TenantEntity,
      { id },
      { ...changes, updatedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
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
    return tenants.map((tenant) => ({
      tenant,
      services: services.filter((s) => s.tenantId === tenant.id),
      rabbitmq: rabbits.find((r) => r.tenantId === tenant.id) ?? null,
    }));
  }
}
