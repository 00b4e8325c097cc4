import type { AddressView, Metadata } from '@finplat/ledger-domain';

/** Midaz's Holder, decrypted. Optional blocks are omitted when the holder has none. */
export interface HolderResponse {
  id: string;
  externalId?: string;
  type: string;
  name: string;
  document: string;
  addresses: Record<string, AddressView>;
  contact: Record<string, unknown>;
  naturalPerson?: Record<string, unknown>;
  legalPerson?: Record<string, unknown>;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}
