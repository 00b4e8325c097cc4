import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '@finplat/ledger-domain';

/** A JSON object some of whose string values are sealed (`v<n>:…`) PII. */
export type ProtectedJson = Record<string, unknown>;

/**
 * What every CRM row has: identity within an organization, flat metadata and soft-delete
 * timestamps. Not an entity itself (TypeORM copies inherited columns into each table).
 */
export abstract class CrmRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

/**
 * A CRM holder as stored: `name` and `document` are ciphertext, `document_token` the HMAC
 * search token of the document; contact and person blocks keep their PII values sealed.
 */
@Entity({ name: 'crm_holder' })
export class HolderEntity extends CrmRecordEntity {
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  document: string;

  @Column({ name: 'document_token', type: 'text' })
  documentToken: string;

  @Column({ type: 'jsonb' })
  addresses: ProtectedJson;

  @Column({ type: 'jsonb' })
  contact: ProtectedJson;

  @Column({ name: 'natural_person', type: 'jsonb', nullable: true })
  naturalPerson: ProtectedJson | null;

  @Column({ name: 'legal_person', type: 'jsonb', nullable: true })
  legalPerson: ProtectedJson | null;
}
