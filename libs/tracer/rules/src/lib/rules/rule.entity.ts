import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RuleStatus } from './rule-status';

export const RULE_ACTIONS = ['ALLOW', 'DENY', 'REVIEW'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

export const TRANSACTION_TYPES = ['CARD', 'WIRE', 'PIX', 'CRYPTO'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/**
 * Where a rule applies. Every field present must equal the transaction's value (AND inside
 * a scope); a rule's scopes are ORed; a rule without scopes is global. Stored normalized:
 * ids and `subType` lower-cased, absent fields omitted.
 */
export interface RuleScope {
  segmentId?: string;
  portfolioId?: string;
  accountId?: string;
  merchantId?: string;
  transactionType?: TransactionType;
  subType?: string;
}

export const SCOPE_FIELDS = [
  'segmentId',
  'portfolioId',
  'accountId',
  'merchantId',
  'transactionType',
  'subType',
] as const satisfies readonly (keyof RuleScope)[];

@Entity({ name: 'rules' })
export class RuleEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  expression: string;

  @Column({ type: 'text' })
  action: RuleAction;

  @Column({ type: 'jsonb' })
  scopes: RuleScope[];

  @Column({ type: 'text' })
  status: RuleStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
