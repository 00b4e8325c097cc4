import type { Metadata } from '../../common/metadata';
import type { Status } from '../../common/status.dto';
import { isoOrNull } from '../../common/timestamps';
import type { SegmentEntity } from '../segment.entity';

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
