import { Column, PrimaryColumn } from 'typeorm';
import type { Metadata } from './metadata';

/**
 * The columns every resource living inside a ledger has (assets, portfolios, segments,
 * accounts, account types): identity, the ledger it belongs to, a name, a Midaz status,
 * flat metadata and soft-delete timestamps. Not an entity itself: each resource's entity
 * extends it and adds its own columns (TypeORM copies inherited columns into each table).
 */
export abstract class LedgerScopedEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ type: 'text' })
  name: string;

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
