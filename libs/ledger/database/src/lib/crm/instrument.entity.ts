import { Column, Entity } from 'typeorm';
import { CrmRecordEntity, type ProtectedJson } from './holder.entity';

/**
 * A CRM instrument (a holder's link to one ledger account) as stored: documents, the banking
 * account and IBAN are sealed, with HMAC search tokens beside them.
 */
@Entity({ name: 'crm_instrument' })
export class InstrumentEntity extends CrmRecordEntity {
  @Column({ name: 'holder_id', type: 'uuid' })
  holderId: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'text', nullable: true })
  type: string | null;

  @Column({ type: 'text', nullable: true })
  document: string | null;

  @Column({ name: 'document_token', type: 'text', nullable: true })
  documentToken: string | null;

  @Column({ name: 'banking_details', type: 'jsonb' })
  bankingDetails: ProtectedJson;

  @Column({ name: 'banking_branch', type: 'text', nullable: true })
  bankingBranch: string | null;

  @Column({ name: 'banking_account_token', type: 'text', nullable: true })
  bankingAccountToken: string | null;

  @Column({ name: 'banking_iban_token', type: 'text', nullable: true })
  bankingIbanToken: string | null;

  @Column({ name: 'regulatory_fields', type: 'jsonb' })
  regulatoryFields: ProtectedJson;

  @Column({ name: 'participant_document_token', type: 'text', nullable: true })
  participantDocumentToken: string | null;

  @Column({ name: 'related_parties', type: 'jsonb' })
  relatedParties: ProtectedJson[];

  @Column({ name: 'related_party_tokens', type: 'text', array: true })
  relatedPartyTokens: string[];

  @Column({ name: 'related_party_roles', type: 'text', array: true })
  relatedPartyRoles: string[];
}
