import { Module } from '@nestjs/common';
import { LedgersModule, OrganizationsModule } from '@finplat/ledger-onboarding';
import { BillingPackagesController } from './billing-packages.controller';
import { BillingPackagesService } from './billing-packages.service';
import { CalculateBillingUseCase } from './calculate-billing.use-case';
import { EstimateFeesUseCase } from './estimate-fees.use-case';
import { FeeApplicationService } from './fee-application.service';
import { FeeLedgers } from './fee-ledgers';
import { FeePackagesController } from './fee-packages.controller';
import { FeePackagesService } from './fee-packages.service';

/** Fee packages and the fee legs they add to transactions, billing packages (decisions 0053, 0054). */
@Module({
  imports: [LedgersModule, OrganizationsModule],
  controllers: [FeePackagesController, BillingPackagesController],
  providers: [
    FeePackagesService,
    FeeApplicationService,
    FeeLedgers,
    EstimateFeesUseCase,
    BillingPackagesService,
    CalculateBillingUseCase,
  ],
  exports: [FeeApplicationService, FeeLedgers],
})
export class FeesModule {}
