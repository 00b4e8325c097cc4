import type { IsolationMode, ServiceName } from '@finplat/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where one tenant lives for one service (the "association"): the physical server, the
 * database, the schema in SCHEMA mode, and the tenant's own role. Placement is a property of
 * the association, so tenants of one service may sit on different servers.
 */
@Entity({ name: 'tenant_services' })
export class TenantServiceEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ type: 'text' })
  service: ServiceName;

  @Column({ name: 'isolation_mode', type: 'text' })
  isolationMode: IsolationMode;

  @Column({ type: 'text' })
  host: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ type: 'text' })
  database: string;

  @Column({ type: 'text', nullable: true })
  schema: string | null;

  @Column({ type: 'text' })
  username: string;

  /** Handed to services by the connections route; never part of an admin response. */
  @Column({ type: 'text' })
  password: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'provisioned_at', type: 'timestamptz' })
  provisionedAt: Date;
}
