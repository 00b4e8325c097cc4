import type { AccountEntity } from '@finplat/ledger-database';
import { selfHolderIdOf, type Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';
import { isoOrNull } from '../../common/timestamps';

/** Midaz's Account. `holderId` is the CRM holder; without one, the organization's self-holder. */
export interface AccountResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  name: string;
  alias: string;
  type: string;
  assetCode: string;
  parentAccountId: string | null;
  portfolioId: string | null;
  segmentId: string | null;
  entityId: string | null;
  holderId: string | null;
  holderCheckSkipped: boolean;
  blocked: boolean;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toAccountResponse(entity: AccountEntity): AccountResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    name: entity.name,
    alias: entity.alias,
    type: entity.type,
    assetCode: entity.assetCode,
    parentAccountId: entity.parentAccountId,
    portfolioId: entity.portfolioId,
    segmentId: entity.segmentId,
    entityId: entity.entityId,
    holderId: entity.holderId ?? selfHolderIdOf(entity.organizationId),
    holderCheckSkipped: entity.holderCheckSkipped,
    blocked: entity.blocked,
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}
