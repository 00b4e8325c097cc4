import { Module } from '@nestjs/common';
import { LedgersModule, OrganizationsModule } from '@finplat/ledger-onboarding';
import { EstimateFeesUseCase } from './estimate-fees.use-case';
import { FeeApplicationService } from './fee-application.service';
import { FeePackagesController } from './fee-packages.controller';
import { FeePackagesService } from './fee-packages.service';

/** Fee packages and the fee legs they add to transactions (decision 0053). */
@Module({
  imports: [LedgersModule, OrganizationsModule],
  controllers: [FeePackagesController],
  providers: [FeePackagesService, FeeApplicationService, EstimateFeesUseCase],
  exports: [FeeApplicationService],
})
export class FeesModule {}
