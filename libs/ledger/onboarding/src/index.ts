import { AccountTypeEntity } from './lib/account-types/account-type.entity';
import { AccountEntity } from './lib/accounts/account.entity';
import { AssetRateEntity } from './lib/asset-rates/asset-rate.entity';
import { AssetEntity } from './lib/assets/asset.entity';
import { BalanceEntity } from './lib/balances/balance.entity';
import { LedgerEntity } from './lib/ledgers/ledger.entity';
import { OrganizationEntity } from './lib/organizations/organization.entity';
import { PortfolioEntity } from './lib/portfolios/portfolio.entity';
import { SegmentEntity } from './lib/segments/segment.entity';

export * from './lib/common/ledger.errors';
export * from './lib/common/metadata';
export * from './lib/common/metadata-filter';
export * from './lib/common/unique-violation';
export * from './lib/common/cursor-page';
export * from './lib/common/routes';
export * from './lib/common/not-found';
export * from './lib/common/list-query.dto';
export * from './lib/organizations/organizations.module';
export * from './lib/organizations/organizations.service';
export * from './lib/ledgers/ledgers.module';
export * from './lib/ledgers/ledgers.service';
export * from './lib/onboarding-data.module';
export * from './lib/assets/assets.module';
export * from './lib/assets/assets.service';
export * from './lib/assets/asset.repository';
export * from './lib/portfolios/portfolios.module';
export * from './lib/portfolios/portfolios.service';
export * from './lib/segments/segments.module';
export * from './lib/segments/segments.service';
export * from './lib/accounts/accounts.module';
export * from './lib/accounts/accounts.service';
export * from './lib/accounts/account.repository';
export * from './lib/accounts/account-rules';
export * from './lib/account-types/account-types.module';
export * from './lib/account-types/account-types.service';
export * from './lib/balances/balance.entity';
export * from './lib/balances/balance.repository';
export * from './lib/balances/balances.module';
export * from './lib/balances/balances.service';
export * from './lib/balances/dto/balance.response';
export * from './lib/asset-rates/asset-rate.entity';
export * from './lib/asset-rates/asset-rate.repository';
export * from './lib/asset-rates/asset-rates.module';
export * from './lib/asset-rates/asset-rates.service';
export * from './lib/common/decimal';
export {
  AccountEntity,
  AccountTypeEntity,
  AssetEntity,
  LedgerEntity,
  OrganizationEntity,
  PortfolioEntity,
  SegmentEntity,
};

/** TypeORM entities of the onboarding domain, registered on every tenant pool. */
export const ONBOARDING_ENTITIES = [
  OrganizationEntity,
  LedgerEntity,
  AssetEntity,
  PortfolioEntity,
  SegmentEntity,
  AccountEntity,
  AccountTypeEntity,
  BalanceEntity,
  AssetRateEntity,
];
