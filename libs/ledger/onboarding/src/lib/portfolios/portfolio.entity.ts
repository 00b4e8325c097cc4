import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata';

@Entity({ name: 'portfolio' })
export class PortfolioEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'status_description', type: 'text', nullable: true })
  statusDescription: string | null;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
