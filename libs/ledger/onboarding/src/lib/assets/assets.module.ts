import { Module } from '@nestjs/common';
import { LedgersModule } from '../ledgers/ledgers.module';
import { OnboardingDataModule } from '../onboarding-data.module';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [AssetsController],
  providers: [AssetsService],
  exports: [AssetsService],
})
export class AssetsModule {}
