import { InstrumentEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';
import type { OrganizationProtector } from '../encryption/organization-protector';
import type { InstrumentResponse } from './dto/instrument.response';

/** What an instrument is in plain text, before sealing or after opening. */
export interface InstrumentFields {
  id: string;
  organizationId: string;
  holderId: string;
  ledgerId: string;
  accountId: string;
  type: string | null;
  document: string | null;
  bankingDetails: Record<string, unknown>;
  regulatoryFields: Record<string, unknown>;
  relatedParties: Record<string, unknown>[];
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

const BANKING_SEALED = ['account', 'iban'] as const;
const REGULATORY_SEALED = ['participantDocument'] as const;

const stringOr = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * The row of an instrument: the holder document, the banking account and IBAN, the
 * participant document and every related party's document sealed, each searchable by token.
 */
export function sealInstrument(
  p: OrganizationProtector,
  fields: InstrumentFields,
): InstrumentEntity {
  const id = fields.id;
  const account = stringOr(fields.bankingDetails.account);
  const iban = stringOr(fields.bankingDetails.iban);
  const participant = stringOr(fields.regulatoryFields.participantDocument);
  const parties = fields.relatedParties.map((party) => ({
    ...party,
    document: p.seal(id, `relatedParties.${String(party.id)}.document`, String(party.document)),
  }));
  return Object.assign(new InstrumentEntity(), {
    ...fields,
    document: fields.document === null ? null : p.seal(id, 'document', fields.document),
    documentToken: fields.document === null ? null : p.token('document', fields.document),
    bankingDetails: p.sealPaths(id, 'bankingDetails.', fields.bankingDetails, BANKING_SEALED),
    bankingBranch: stringOr(fields.bankingDetails.branch) ?? null,
    bankingAccountToken: account === undefined ? null : p.token('bankingDetails.account', account),
    bankingIbanToken: iban === undefined ? null : p.token('bankingDetails.iban', iban),
    regulatoryFields: p.sealPaths(
      id,
      'regulatoryFields.',
      fields.regulatoryFields,
      REGULATORY_SEALED,
    ),
    participantDocumentToken:
      participant === undefined
        ? null
        : p.token('regulatoryFields.participantDocument', participant),
    relatedParties: parties,
    relatedPartyTokens: fields.relatedParties.map((party) =>
      p.token('relatedParties.document', String(party.document)),
    ),
    relatedPartyRoles: [...new Set(fields.relatedParties.map((party) => String(party.role)))],
  });
}

/** The plain fields of a stored instrument; fails closed on any value that does not open. */
export function openInstrument(p: OrganizationProtector, row: InstrumentEntity): InstrumentFields {
  const id = row.id;
  return {
    id,
    organizationId: row.organizationId,
    holderId: row.holderId,
    ledgerId: row.ledgerId,
    accountId: row.accountId,
    type: row.type,
    document: row.document === null ? null : p.open(id, 'document', row.document),
    bankingDetails: p.openPaths(id, 'bankingDetails.', row.bankingDetails, BANKING_SEALED),
    regulatoryFields: p.openPaths(id, 'regulatoryFields.', row.regulatoryFields, REGULATORY_SEALED),
    relatedParties: row.relatedParties.map((party) => ({
      ...party,
      document: p.open(id, `relatedParties.${String(party.id)}.document`, String(party.document)),
    })),
    metadata: row.metadata,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export function toInstrumentResponse(fields: InstrumentFields): InstrumentResponse {
  return {
    id: fields.id,
    holderId: fields.holderId,
    ledgerId: fields.ledgerId,
    accountId: fields.accountId,
    ...(fields.type !== null ? { type: fields.type } : {}),
    ...(fields.document !== null ? { document: fields.document } : {}),
    bankingDetails: fields.bankingDetails,
    regulatoryFields: fields.regulatoryFields,
    relatedParties: fields.relatedParties,
    metadata: fields.metadata,
    createdAt: fields.createdAt.toISOString(),
    updatedAt: fields.updatedAt.toISOString(),
    deletedAt: fields.deletedAt ? fields.deletedAt.toISOString() : null,
  };
}
