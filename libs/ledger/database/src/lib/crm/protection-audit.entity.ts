import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One thing done with an organization's data keys: provisioning, rotation, re-wrapping. */
@Entity({ name: 'crm_protection_audit' })
export class ProtectionAuditEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus: string;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: string;

  @Column({ name: 'request_id', type: 'text' })
  requestId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
