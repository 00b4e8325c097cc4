import { Column, Entity } from 'typeorm';
import { LedgerScopedEntity } from '../common/ledger-scoped.entity';

/**
 * A ledger's catalogue entry of account types (Midaz "routing" namespace). It has the status
 * columns of every onboarding table, but Midaz's AccountType exposes no status, nor do we.
 */
@Entity({ name: 'account_type' })
export class AccountTypeEntity extends LedgerScopedEntity {
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'key_value', type: 'text' })
  keyValue: string;
}
