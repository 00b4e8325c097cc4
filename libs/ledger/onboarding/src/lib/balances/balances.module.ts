import { Module } from '@nestjs/common';
import { LedgersModule } from '../ledgers/ledgers.module';
import { OnboardingDataModule } from '../onboarding-data.module';
import { AccountBalancesController } from './account-balances.controller';
import { BalancesController } from './balances.controller';
import { BalancesService } from './balances.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [BalancesController, AccountBalancesController],
  providers: [BalancesService],
  exports: [BalancesService],
})
export class BalancesModule {}
