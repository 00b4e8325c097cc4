import { Module } from '@nestjs/common';
import { LedgersModule } from '../ledgers/ledgers.module';
import { AssetRateRepository } from './asset-rate.repository';
import { AssetRatesController } from './asset-rates.controller';
import { AssetRatesService } from './asset-rates.service';

@Module({
  imports: [LedgersModule],
  controllers: [AssetRatesController],
  providers: [AssetRateRepository, AssetRatesService],
  exports: [AssetRateRepository, AssetRatesService],
})
export class AssetRatesModule {}
