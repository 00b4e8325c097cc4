import type { SegmentEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';
import { isoOrNull } from '../../common/timestamps';

export interface SegmentResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  name: string;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toSegmentResponse(entity: SegmentEntity): SegmentResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    name: entity.name,
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}
