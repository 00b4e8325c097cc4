import { LedgerEntity } from './lib/ledgers/ledger.entity';
import { OrganizationEntity } from './lib/organizations/organization.entity';

export * from './lib/common/ledger.errors';
export * from './lib/common/metadata';
export * from './lib/organizations/organizations.module';
export * from './lib/organizations/organizations.service';
export * from './lib/ledgers/ledgers.module';
export * from './lib/ledgers/ledgers.service';
export { LedgerEntity, OrganizationEntity };

/** TypeORM entities of the onboarding domain, registered on every tenant pool. */
export const ONBOARDING_ENTITIES = [OrganizationEntity, LedgerEntity];
