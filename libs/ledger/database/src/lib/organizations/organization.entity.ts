import { Column, Entity } from 'typeorm';
import type { AddressInput } from '@finplat/ledger-domain';
import { OnboardingEntity } from '../common/onboarding.entity';

/** The stored address: any of its lines may be missing. */
export type AddressValue = AddressInput;

@Entity({ name: 'organization' })
export class OrganizationEntity extends OnboardingEntity {
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
}
