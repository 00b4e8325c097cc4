import { Column, Entity } from 'typeorm';
import { LedgerScopedEntity } from '../common/ledger-scoped.entity';

@Entity({ name: 'portfolio' })
export class PortfolioEntity extends LedgerScopedEntity {
  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;
}
