import { Column } from 'typeorm';
import { OnboardingEntity } from './onboarding.entity';

/**
 * What every resource living inside a ledger adds to the onboarding columns (assets,
 * portfolios, segments, accounts, account types): the ledger it belongs to, and a name.
 */
export abstract class LedgerScopedEntity extends OnboardingEntity {
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ type: 'text' })
  name: string;
}
