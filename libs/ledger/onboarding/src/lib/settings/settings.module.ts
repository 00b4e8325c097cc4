import { Module } from '@nestjs/common';
import { LedgerRepository } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

@Module({
  imports: [LedgersModule],
  controllers: [SettingsController],
  providers: [LedgerRepository, SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
