import type { LedgerEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';

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
