import { Module } from '@nestjs/common';
import { OnboardingDataModule } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { PortfoliosController } from './portfolios.controller';
import { PortfoliosService } from './portfolios.service';

@Module({
  imports: [LedgersModule, OnboardingDataModule],
  controllers: [PortfoliosController],
  providers: [PortfoliosService],
  exports: [PortfoliosService],
})
export class PortfoliosModule {}
