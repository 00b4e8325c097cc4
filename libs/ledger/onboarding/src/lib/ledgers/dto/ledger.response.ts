import type { Metadata } from '../../common/metadata';
import type { Status } from '../../common/status.dto';
import type { LedgerEntity } from '../ledger.entity';

export interface LedgerResponse {
  id: string;
  organizationId: string;
  name: string;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toLedgerResponse(entity: LedgerEntity): LedgerResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    name: entity.name,
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: entity.deletedAt ? entity.deletedAt.toISOString() : null,
  };
}
