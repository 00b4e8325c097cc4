import { Column, Entity } from 'typeorm';
import { TenantPlacementColumns } from './tenant-placement.columns';

/**
 * Where one tenant lives for one service (the "association"): the physical server, the
 * database, the schema in SCHEMA mode, and the tenant's own role. Placement is a property of
 * the association, so tenants of one service may sit on different servers.
 */
@Entity({ name: 'tenant_services' })
export class TenantServiceEntity extends TenantPlacementColumns {
  @Column({ type: 'text' })
  status: string;
}
