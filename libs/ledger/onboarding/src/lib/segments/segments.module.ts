import { Module } from '@nestjs/common';
import { LedgersModule } from '../ledgers/ledgers.module';
import { OnboardingDataModule } from '../onboarding-data.module';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [SegmentsController],
  providers: [SegmentsService],
  exports: [SegmentsService],
})
export class SegmentsModule {}
