import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { TenantRepository } from './tenant.repository';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [ProvisioningModule],
  controllers: [TenantsController],
  providers: [TenantRepository, TenantsService],
  exports: [TenantRepository],
})
export class TenantsModule {}
