import type { Metadata } from '@finplat/ledger-domain';

/** Midaz's Instrument, decrypted. `type`/`document` are the holder's, omitted when unknown. */
export interface InstrumentResponse {
  id: string;
  holderId: string;
  ledgerId: string;
  accountId: string;
  type?: string;
  document?: string;
  bankingDetails: Record<string, unknown>;
  regulatoryFields: Record<string, unknown>;
  relatedParties: Record<string, unknown>[];
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}
