import { Module } from '@nestjs/common';
import { OnboardingDataModule } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [AssetsController],
  providers: [AssetsService],
  exports: [AssetsService],
})
export class AssetsModule {}
