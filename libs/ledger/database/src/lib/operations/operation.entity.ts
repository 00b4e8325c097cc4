import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The `operation` table for reads and PATCH; postings insert rows with hand-written SQL. */
@Entity({ name: 'operation' })
export class OperationEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'transaction_id', type: 'uuid' }) transactionId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'account_alias', type: 'text' }) accountAlias: string;
  @Column({ name: 'balance_id', type: 'uuid' }) balanceId: string;
  @Column({ name: 'balance_key', type: 'text' }) balanceKey: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text' }) direction: string;
  @Column({ name: 'asset_code', type: 'text' }) assetCode: string;
  @Column({ type: 'numeric' }) amount: string;
  @Column({ name: 'available_before', type: 'numeric' }) availableBefore: string;
  @Column({ name: 'on_hold_before', type: 'numeric' }) onHoldBefore: string;
  @Column({ name: 'version_before', type: 'bigint' }) versionBefore: string;
  @Column({ name: 'available_after', type: 'numeric' }) availableAfter: string;
  @Column({ name: 'on_hold_after', type: 'numeric' }) onHoldAfter: string;
  @Column({ name: 'version_after', type: 'bigint' }) versionAfter: string;
  @Column({ name: 'overdraft_used_before', type: 'numeric' }) overdraftUsedBefore: string;
  @Column({ name: 'overdraft_used_after', type: 'numeric' }) overdraftUsedAfter: string;
  @Column({ name: 'balance_affected', type: 'boolean' }) balanceAffected: boolean;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'chart_of_accounts', type: 'text', nullable: true }) chartOfAccounts:
    string | null;
  @Column({ name: 'route_id', type: 'uuid', nullable: true }) routeId: string | null;
  @Column({ name: 'route_code', type: 'text', nullable: true }) routeCode: string | null;
  @Column({ name: 'route_description', type: 'text', nullable: true }) routeDescription:
    string | null;
  @Column({ type: 'jsonb' }) metadata: Record<string, string | number | boolean | null>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
