import { Column, Entity } from 'typeorm';
import { LedgerScopedEntity } from '../common/ledger-scoped.entity';

@Entity({ name: 'asset' })
export class AssetEntity extends LedgerScopedEntity {
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  code: string;
}
