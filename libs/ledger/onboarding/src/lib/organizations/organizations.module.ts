import { Module } from '@nestjs/common';
import { OrganizationRepository } from '@finplat/ledger-database';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationRepository, OrganizationsService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
