import type { AssetEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';
import { isoOrNull } from '../../common/timestamps';

export interface AssetResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  name: string;
  type: string;
  code: string;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toAssetResponse(entity: AssetEntity): AssetResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    name: entity.name,
    type: entity.type,
    code: entity.code,
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}
