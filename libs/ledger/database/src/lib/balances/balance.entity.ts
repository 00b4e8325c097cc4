import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DEFAULT_BALANCE_KEY = 'default';

/**
 * One balance of an account (`key` `default` is opened with the account). Amounts are decimal
 * strings: PostgreSQL `numeric` comes back from pg as text and must never pass through a JS
 * number. `version` is a `bigint`, also text.
 */
@Entity({ name: 'balance' })
export class BalanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  alias: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ name: 'asset_code', type: 'text' })
  assetCode: string;

  @Column({ type: 'numeric' })
  available: string;

  @Column({ name: 'on_hold', type: 'numeric' })
  onHold: string;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ name: 'account_type', type: 'text' })
  accountType: string;

  @Column({ name: 'allow_sending', type: 'boolean' })
  allowSending: boolean;

  @Column({ name: 'allow_receiving', type: 'boolean' })
  allowReceiving: boolean;

  /** `credit` for every balance users open; the internal overdraft balance is `debit`. */
  @Column({ type: 'text' })
  direction: 'credit' | 'debit';

  @Column({ name: 'balance_scope', type: 'text' })
  balanceScope: 'transactional' | 'internal';

  @Column({ name: 'overdraft_used', type: 'numeric' })
  overdraftUsed: string;

  @Column({ name: 'allow_overdraft', type: 'boolean' })
  allowOverdraft: boolean;

  @Column({ name: 'overdraft_limit_enabled', type: 'boolean' })
  overdraftLimitEnabled: boolean;

  @Column({ name: 'overdraft_limit', type: 'numeric', nullable: true })
  overdraftLimit: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
