import type { IsolationMode, ServiceName } from '@finplat/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's read-only login on another service's data (decision 0033): today the one login
 * reporter reads the tenant's ledger database or schema through. It may SELECT that service's
 * tables of that tenant and nothing else; its placement follows the service it reads (a
 * promotion of the ledger moves it along).
 */
@Entity({ name: 'tenant_read_only_logins' })
export class TenantReadOnlyLoginEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  /** The service whose data the login reads (`ledger`). */
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

  /** Handed to the reading service by the connections route; never part of an admin response. */
  @Column({ type: 'text' })
  password: string;

  @Column({ name: 'provisioned_at', type: 'timestamptz' })
  provisionedAt: Date;
}
