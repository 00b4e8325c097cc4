import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata';

export interface AddressValue {
  line1?: string;
  line2?: string | null;
  zipCode?: string;
  city?: string;
  state?: string;
  country?: string;
  description?: string;
}

@Entity({ name: 'organization' })
export class OrganizationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'parent_organization_id', type: 'uuid', nullable: true })
  parentOrganizationId: string | null;

  @Column({ name: 'legal_name', type: 'text' })
  legalName: string;

  @Column({ name: 'doing_business_as', type: 'text', nullable: true })
  doingBusinessAs: string | null;

  @Column({ name: 'legal_document', type: 'text' })
  legalDocument: string;

  @Column({ type: 'jsonb' })
  address: AddressValue;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'status_description', type: 'text', nullable: true })
  statusDescription: string | null;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
