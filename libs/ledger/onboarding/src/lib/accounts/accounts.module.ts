import { Module } from '@nestjs/common';
import { CrmDataModule, OnboardingDataModule } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { SegmentsModule } from '../segments/segments.module';
import { SettingsModule } from '../settings/settings.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({
  imports: [
    LedgersModule,
    PortfoliosModule,
    SegmentsModule,
    SettingsModule,
    OnboardingDataModule,
    CrmDataModule,
  ],
  controllers: [AccountsController],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
