import type { OrganizationEntity } from '@finplat/ledger-database';
import { toAddressView, type AddressView, type Metadata } from '@finplat/ledger-domain';
import type { Status } from '../../common/status.dto';

export interface OrganizationResponse {
  id: string;
  parentOrganizationId: string | null;
  legalName: string;
  doingBusinessAs: string | null;
  legalDocument: string;
  address: AddressView;
  status: Status;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toOrganizationResponse(entity: OrganizationEntity): OrganizationResponse {
  return {
    id: entity.id,
    parentOrganizationId: entity.parentOrganizationId,
    legalName: entity.legalName,
    doingBusinessAs: entity.doingBusinessAs,
    legalDocument: entity.legalDocument,
    address: toAddressView(entity.address ?? {}),
    status: { code: entity.status, description: entity.statusDescription },
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: entity.deletedAt ? entity.deletedAt.toISOString() : null,
  };
}
