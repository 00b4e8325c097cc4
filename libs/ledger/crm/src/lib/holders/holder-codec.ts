import { HolderEntity } from '@finplat/ledger-database';
import {
  toAddressView,
  type AddressInput,
  type AddressView,
  type Metadata,
} from '@finplat/ledger-domain';
import type { OrganizationProtector } from '../encryption/organization-protector';
import type { HolderResponse } from './dto/holder.response';

/** PII inside a holder's JSON blocks, stored sealed (midaz-notes §3). */
export const HOLDER_SEALED_PATHS = [
  'contact.primaryEmail',
  'contact.secondaryEmail',
  'contact.mobilePhone',
  'contact.otherPhone',
  'naturalPerson.motherName',
  'naturalPerson.fatherName',
  'legalPerson.representative.name',
  'legalPerson.representative.document',
  'legalPerson.representative.email',
] as const;

/** What a holder is in plain text, before sealing or after opening. */
export interface HolderFields {
  id: string;
  organizationId: string;
  externalId: string | null;
  type: string;
  name: string;
  document: string;
  addresses: Record<string, unknown>;
  contact: Record<string, unknown>;
  naturalPerson: Record<string, unknown> | null;
  legalPerson: Record<string, unknown> | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** The row of a holder: name and document sealed, the document tokenized, blocks sealed. */
export function sealHolder(p: OrganizationProtector, fields: HolderFields): HolderEntity {
  const blocks = p.sealPaths(
    fields.id,
    '',
    {
      contact: fields.contact,
      naturalPerson: fields.naturalPerson,
      legalPerson: fields.legalPerson,
    },
    HOLDER_SEALED_PATHS,
  );
  return Object.assign(new HolderEntity(), {
    ...fields,
    name: p.seal(fields.id, 'name', fields.name),
    document: p.seal(fields.id, 'document', fields.document),
    documentToken: p.token('document', fields.document),
    contact: blocks.contact,
    naturalPerson: blocks.naturalPerson,
    legalPerson: blocks.legalPerson,
  });
}

/** The plain fields of a stored holder; fails closed on any value that does not open. */
export function openHolder(p: OrganizationProtector, row: HolderEntity): HolderFields {
  const blocks = p.openPaths(
    row.id,
    '',
    { contact: row.contact, naturalPerson: row.naturalPerson, legalPerson: row.legalPerson },
    HOLDER_SEALED_PATHS,
  );
  return {
    id: row.id,
    organizationId: row.organizationId,
    externalId: row.externalId,
    type: row.type,
    name: p.open(row.id, 'name', row.name),
    document: p.open(row.id, 'document', row.document),
    addresses: row.addresses,
    contact: blocks.contact,
    naturalPerson: blocks.naturalPerson,
    legalPerson: blocks.legalPerson,
    metadata: row.metadata,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export function toHolderResponse(fields: HolderFields): HolderResponse {
  return {
    id: fields.id,
    ...(fields.externalId != null ? { externalId: fields.externalId } : {}),
    type: fields.type,
    name: fields.name,
    document: fields.document,
    addresses: addressesView(fields.addresses),
    contact: fields.contact,
    ...(fields.naturalPerson ? { naturalPerson: fields.naturalPerson } : {}),
    ...(fields.legalPerson ? { legalPerson: fields.legalPerson } : {}),
    metadata: fields.metadata,
    createdAt: fields.createdAt.toISOString(),
    updatedAt: fields.updatedAt.toISOString(),
    deletedAt: fields.deletedAt ? fields.deletedAt.toISOString() : null,
  };
}

/** Each given address (primary, additional1, additional2) with every line, as Midaz sends it. */
function addressesView(addresses: Record<string, unknown>): Record<string, AddressView> {
  return Object.fromEntries(
    Object.entries(addresses ?? {}).map(([slot, address]) => [
      slot,
      toAddressView(address as AddressInput),
    ]),
  );
}
