import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { TenantLifecycleService } from '../lifecycle/tenant-lifecycle.service';
import { TenantLocks } from '../lifecycle/tenant-locks';
import { TenantRepository } from './tenant.repository';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [ProvisioningModule],
  controllers: [TenantsController],
  providers: [TenantRepository, TenantsService, TenantLocks, TenantLifecycleService],
  exports: [TenantRepository, TenantLocks],
})
export class TenantsModule {}
