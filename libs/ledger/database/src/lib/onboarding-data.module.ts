import { Module } from '@nestjs/common';
import { AccountTypeRepository } from './account-types/account-type.repository';
import { AccountRepository } from './accounts/account.repository';
import { AssetRepository } from './assets/asset.repository';
import { BalanceRepository } from './balances/balance.repository';
import { PortfolioRepository } from './portfolios/portfolio.repository';
import { SegmentRepository } from './segments/segment.repository';

/**
 * The repositories of the resources inside a ledger, shared by the feature modules: assets open
 * accounts and balances, accounts check assets, and the lead's balance and transaction modules
 * read all of them. Keeping them here avoids module cycles.
 */
@Module({
  providers: [
    AssetRepository,
    PortfolioRepository,
    SegmentRepository,
    AccountRepository,
    AccountTypeRepository,
    BalanceRepository,
  ],
  exports: [
    AssetRepository,
    PortfolioRepository,
    SegmentRepository,
    AccountRepository,
    AccountTypeRepository,
    BalanceRepository,
  ],
})
export class OnboardingDataModule {}
