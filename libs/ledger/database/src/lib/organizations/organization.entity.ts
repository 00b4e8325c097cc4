import { Column, Entity } from 'typeorm';
import { OnboardingEntity } from '../common/onboarding.entity';

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
