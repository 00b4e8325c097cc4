import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TenantBrokerController } from './tenant-broker.controller';
import { TenantDataController } from './tenant-data.controller';
import { TenantDataService } from './tenant-data.service';

/** Promotion, backup, restore and credential rotation of one tenant's service data. */
@Module({
  imports: [ProvisioningModule, TenantsModule],
  controllers: [TenantDataController, TenantBrokerController],
  providers: [TenantDataService],
})
export class TenantDataModule {}
