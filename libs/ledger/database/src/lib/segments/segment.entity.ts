import { Entity } from 'typeorm';
import { LedgerScopedEntity } from '../common/ledger-scoped.entity';

@Entity({ name: 'segment' })
export class SegmentEntity extends LedgerScopedEntity {}
