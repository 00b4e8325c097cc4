import { Column, Entity } from 'typeorm';
import { LedgerScopedEntity } from '../common/ledger-scoped.entity';

@Entity({ name: 'account' })
export class AccountEntity extends LedgerScopedEntity {
  @Column({ type: 'text' })
  alias: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'asset_code', type: 'text' })
  assetCode: string;

  @Column({ name: 'parent_account_id', type: 'uuid', nullable: true })
  parentAccountId: string | null;

  @Column({ name: 'portfolio_id', type: 'uuid', nullable: true })
  portfolioId: string | null;

  @Column({ name: 'segment_id', type: 'uuid', nullable: true })
  segmentId: string | null;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'boolean' })
  blocked: boolean;

  /** The CRM holder owning the account; null means the organization's own self-holder. */
  @Column({ name: 'holder_id', type: 'uuid', nullable: true })
  holderId: string | null;

  /** Opened with `skip.holder` where the ledger requires a holder and allows the skip. */
  @Column({ name: 'holder_check_skipped', type: 'boolean', default: false })
  holderCheckSkipped: boolean;
}
