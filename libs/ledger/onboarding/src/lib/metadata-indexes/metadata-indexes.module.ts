import { Module } from '@nestjs/common';
import { MetadataIndexRepository } from '@finplat/ledger-database';
import { MetadataIndexesController } from './metadata-indexes.controller';
import { MetadataIndexesService } from './metadata-indexes.service';

@Module({
  controllers: [MetadataIndexesController],
  providers: [MetadataIndexRepository, MetadataIndexesService],
})
export class MetadataIndexesModule {}
