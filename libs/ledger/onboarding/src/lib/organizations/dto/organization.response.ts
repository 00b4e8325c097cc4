import type { AddressValue, OrganizationEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';
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

/** Midaz always sends every address line: "" when not given, `line2` null. */
export interface AddressView {
  line1: string;
  line2: string | null;
  zipCode: string;
  city: string;
  state: string;
  country: string;
  description?: string;
}

function toAddressView(address: AddressValue): AddressView {
  return {
    line1: address.line1 ?? '',
    line2: address.line2 ?? null,
    zipCode: address.zipCode ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    country: address.country ?? '',
    ...(address.description === undefined ? {} : { description: address.description }),
  };
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
