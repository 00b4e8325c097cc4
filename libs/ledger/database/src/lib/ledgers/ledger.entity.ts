import { Column, Entity } from 'typeorm';
import { OnboardingEntity } from '../common/onboarding.entity';

@Entity({ name: 'ledger' })
export class LedgerEntity extends OnboardingEntity {
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  settings: Record<string, string | number | boolean | null | object>;
}
