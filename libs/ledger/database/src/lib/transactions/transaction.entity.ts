import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `transaction` table for reads and plain updates (lists, PATCH). Postings write it with
 * hand-written SQL (PostingRepository). Amounts stay strings: numeric never becomes a number.
 */
@Entity({ name: 'transaction' })
export class TransactionEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'parent_transaction_id', type: 'uuid', nullable: true }) parentTransactionId:
    string | null;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'status_description', type: 'text', nullable: true }) statusDescription:
    string | null;
  @Column({ type: 'numeric' }) amount: string;
  @Column({ name: 'asset_code', type: 'text' }) assetCode: string;
  @Column({ name: 'chart_of_accounts_group_name', type: 'text', nullable: true })
  chartOfAccountsGroupName: string | null;
  @Column({ type: 'text', nullable: true }) route: string | null;
  @Column({ name: 'route_id', type: 'uuid', nullable: true }) routeId: string | null;
  @Column({ type: 'boolean' }) pending: boolean;
  @Column({ name: 'fees_skipped', type: 'boolean' }) feesSkipped: boolean;
  @Column({ name: 'tracer_skipped', type: 'boolean' }) tracerSkipped: boolean;
  @Column({ type: 'jsonb' }) body: object;
  @Column({ type: 'jsonb' }) metadata: Record<string, string | number | boolean | null>;
  @Column({ name: 'transaction_date', type: 'timestamptz' }) transactionDate: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
