import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '@finplat/ledger-domain';

/**
 * The rate that converts one asset code into another, one per (ledger, from, to). `rate` is
 * `numeric` (text here) and `ttl` a `bigint` (text): neither passes through a JS number on the
 * way in.
 */
@Entity({ name: 'asset_rate' })
export class AssetRateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'external_id', type: 'uuid' })
  externalId: string;

  @Column({ name: 'from', type: 'text' })
  from: string;

  @Column({ name: 'to', type: 'text' })
  to: string;

  @Column({ type: 'numeric' })
  rate: string;

  @Column({ type: 'integer', nullable: true })
  scale: number | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ type: 'bigint' })
  ttl: string;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
