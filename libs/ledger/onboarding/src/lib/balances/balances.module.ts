import { Module } from '@nestjs/common';
import { OnboardingDataModule } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
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
