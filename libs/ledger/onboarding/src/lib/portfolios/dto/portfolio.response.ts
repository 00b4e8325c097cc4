import type { PortfolioEntity } from '@finplat/ledger-database';
import { optionalText, type Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';
import { isoOrNull } from '../../common/timestamps';

export interface PortfolioResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  name: string;
  entityId?: string;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toPortfolioResponse(entity: PortfolioEntity): PortfolioResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    name: entity.name,
    ...optionalText('entityId', entity.entityId),
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}
