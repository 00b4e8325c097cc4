import { Column, Entity, PrimaryColumn } from 'typeorm';

export type BillingType = 'volume' | 'maintenance';

/** Which accounts a billing package bills (any of the aliases, the portfolio, the segment). */
export interface AccountTargetRecord {
  aliases?: string[];
  portfolioId?: string;
  segmentId?: string;
}

/**
 * The terms of a billing package, by type. Volume: per billed account, the transactions
 * that passed `eventFilter` in the period, less `freeQuota`, priced flat or by tiers, then
 * discounted by the best discount tier reached. Maintenance: `feeAmount` per targeted
 * account. Decimal values are strings.
 */
export interface BillingTermsRecord {
  eventFilter?: { transactionRoute: string; status: string };
  pricingModel?: 'flat' | 'tiered';
  tiers?: { minQuantity: number; maxQuantity?: number; unitPrice: string }[];
  freeQuota?: number;
  discountTiers?: { minQuantity: number; discountPercentage: string }[];
  countMode?: 'perRoute';
  creditAccountAlias?: string;
  debitAccountAlias?: string;
  feeAmount?: string;
  maintenanceCreditAccount?: string;
  accountTarget?: AccountTargetRecord;
}

/** A billing package: periodic charges computed from a ledger's activity or its accounts. */
@Entity({ name: 'billing_package' })
export class BillingPackageEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text' }) type: BillingType;
  @Column({ name: 'asset_code', type: 'text' }) assetCode: string;
  @Column({ type: 'jsonb' }) terms: BillingTermsRecord;
  @Column({ type: 'boolean' }) enable: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
