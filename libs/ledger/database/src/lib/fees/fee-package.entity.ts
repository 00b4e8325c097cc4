import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How one fee is computed (Midaz `FeeCalculationModel`); values are decimal strings. */
export interface FeeCalculationModelRecord {
  applicationRule: 'flatFee' | 'percentual' | 'maxBetweenTypes';
  calculations: { type: 'flat' | 'percentage'; value: string }[];
}

/** One fee of a package (Midaz `Fee`), stored as the API sends it once validated. */
export interface FeeRecord {
  feeLabel: string;
  calculationModel: FeeCalculationModelRecord;
  referenceAmount: 'originalAmount' | 'afterFeesAmount';
  priority: number;
  isDeductibleFrom: boolean;
  creditAccount: string;
  routeFrom?: string;
  routeTo?: string;
}

/**
 * A fee package: the fees a ledger's transactions pay when they match it (route, segment,
 * amount range), except those from waived accounts. Amounts stay strings: numeric never
 * becomes a number.
 */
@Entity({ name: 'fee_package' })
export class FeePackageEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ name: 'fee_group_label', type: 'text' }) feeGroupLabel: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'segment_id', type: 'uuid', nullable: true }) segmentId: string | null;
  @Column({ name: 'transaction_route', type: 'text', nullable: true })
  transactionRoute: string | null;
  @Column({ name: 'minimum_amount', type: 'numeric' }) minimumAmount: string;
  @Column({ name: 'maximum_amount', type: 'numeric' }) maximumAmount: string;
  @Column({ name: 'waived_accounts', type: 'jsonb' }) waivedAccounts: string[];
  /** Keyed by the caller's name for each fee, as Midaz's `fees` map. */
  @Column({ type: 'jsonb' }) fees: Record<string, FeeRecord>;
  @Column({ type: 'boolean' }) enable: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
