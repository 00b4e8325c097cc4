import { Module } from '@nestjs/common';
import { OnboardingDataModule } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { AccountTypesController } from './account-types.controller';
import { AccountTypesService } from './account-types.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [AccountTypesController],
  providers: [AccountTypesService],
  exports: [AccountTypesService],
})
export class AccountTypesModule {}
