import type { IsolationMode, ServiceName } from '@finplat/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a tenant is in its life (decision 0040). Only `active` tenants are served; the others
 * answer services 404 (`deleting`, `provisioning_failed`) or 503 (`provisioning`).
 */
export const TENANT_LIFECYCLE_STATUSES = [
  'provisioning',
  'provisioning_failed',
  'active',
  'suspended',
  'deleting',
] as const;
export type TenantLifecycleStatus = (typeof TENANT_LIFECYCLE_STATUSES)[number];

/** Statuses an admin may switch between (PATCH); the others belong to a lifecycle run. */
export const SETTLED_STATUSES: readonly TenantLifecycleStatus[] = ['active', 'suspended'];

/** What was asked for at creation: enough to resume or undo a run from the control plane. */
export interface TenantSpec {
  isolation: Record<ServiceName, IsolationMode>;
  /** Provisioning target per service (PROVISION_PG_TARGETS name); absent: default. */
  placement: Partial<Record<ServiceName, string>>;
}

@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  status: TenantLifecycleStatus;

  /** Null for tenants created before lifecycle states (their associations say it all). */
  @Column({ type: 'jsonb', nullable: true })
  spec: TenantSpec | null;

  /** The step a lifecycle run is at, or failed at. */
  @Column({ name: 'lifecycle_step', type: 'text', nullable: true })
  lifecycleStep: string | null;

  /** Why the last lifecycle run stopped, until one succeeds. */
  @Column({ name: 'lifecycle_error', type: 'text', nullable: true })
  lifecycleError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
