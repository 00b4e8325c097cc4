import type { IsolationMode, ServiceName } from '@finplat/contracts';
import { Column, PrimaryColumn } from 'typeorm';

/**
 * Where a login of one tenant on one service's data lives: the server, the database, the
 * schema in SCHEMA mode, and the role with its password. Shared by the tenant's own placement
 * (tenant_services) and its read-only logins on another service (tenant_read_only_logins),
 * which are keyed and shaped alike.
 */
export abstract class TenantPlacementColumns {
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

  @Column({ name: 'provisioned_at', type: 'timestamptz' })
  provisionedAt: Date;
}
