import { Column, PrimaryColumn } from 'typeorm';
import type { Metadata } from '@finplat/ledger-domain';

/**
 * The columns every onboarding table has (organizations, ledgers and everything inside a
 * ledger): identity, a Midaz status, flat metadata and soft-delete timestamps. Not an entity
 * itself: each entity extends it and adds its own columns (TypeORM copies inherited columns
 * into each table).
 */
export abstract class OnboardingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

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
