import { Module } from '@nestjs/common';
import { LedgerRepository } from '@finplat/ledger-database';
import { OrganizationsModule } from '../organizations/organizations.module';
import { LedgersController } from './ledgers.controller';
import { LedgersService } from './ledgers.service';

@Module({
  imports: [OrganizationsModule],
  controllers: [LedgersController],
  providers: [LedgerRepository, LedgersService],
  exports: [LedgersService],
})
export class LedgersModule {}
