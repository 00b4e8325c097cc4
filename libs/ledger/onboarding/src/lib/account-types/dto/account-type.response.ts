import type { AccountTypeEntity } from '@finplat/ledger-database';
import { optionalText, type Metadata } from '@finplat/ledger-domain';
import { isoOrNull } from '../../common/timestamps';

export interface AccountTypeResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  name: string;
  description?: string;
  keyValue: string;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toAccountTypeResponse(entity: AccountTypeEntity): AccountTypeResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    name: entity.name,
    ...optionalText('description', entity.description),
    keyValue: entity.keyValue,
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}
