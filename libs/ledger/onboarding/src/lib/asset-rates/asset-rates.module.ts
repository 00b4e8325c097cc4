import { Module } from '@nestjs/common';
import { AssetRateRepository } from '@finplat/ledger-database';
import { LedgersModule } from '../ledgers/ledgers.module';
import { AssetRatesController } from './asset-rates.controller';
import { AssetRatesService } from './asset-rates.service';

@Module({
  imports: [LedgersModule],
  controllers: [AssetRatesController],
  providers: [AssetRateRepository, AssetRatesService],
  exports: [AssetRateRepository, AssetRatesService],
})
export class AssetRatesModule {}
