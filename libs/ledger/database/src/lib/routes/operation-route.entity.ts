import { Column, Entity, PrimaryColumn } from 'typeorm';

export type OperationRouteType = 'source' | 'destination' | 'bidirectional';
export type AccountRuleType = 'alias' | 'account_type';

/** One side of an accounting entry: a chart-of-accounts code and its description. */
export interface AccountingRubric {
  code: string;
  description: string;
}

export const ACCOUNTING_ACTIONS = [
  'direct',
  'hold',
  'commit',
  'cancel',
  'revert',
  'overdraft',
  'block',
  'unblock',
] as const;
export type AccountingAction = (typeof ACCOUNTING_ACTIONS)[number];

export type AccountingEntries = Partial<
  Record<AccountingAction, { debit: AccountingRubric; credit: AccountingRubric }>
>;

/** Which accounts a leg may touch through this route, and the codes each action books. */
@Entity({ name: 'operation_route' })
export class OperationRouteEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', nullable: true }) code: string | null;
  @Column({ name: 'operation_type', type: 'text' }) operationType: OperationRouteType;
  @Column({ name: 'account_rule_type', type: 'text', nullable: true })
  accountRuleType: AccountRuleType | null;
  /** An alias or account type, or a list of them. */
  @Column({ name: 'account_valid_if', type: 'jsonb', nullable: true })
  accountValidIf: string | string[] | null;
  @Column({ name: 'accounting_entries', type: 'jsonb' }) accountingEntries: AccountingEntries;
  @Column({ type: 'jsonb' }) metadata: Record<string, string | number | boolean | null>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
