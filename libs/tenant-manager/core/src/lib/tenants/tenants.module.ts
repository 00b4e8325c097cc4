import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { TenantLifecycleService } from '../lifecycle/tenant-lifecycle.service';
import { TenantLocks } from '../lifecycle/tenant-locks';
import { TenantReconciler } from '../lifecycle/tenant-reconciler.service';
import { TenantRepository } from './tenant.repository';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [ProvisioningModule],
  controllers: [TenantsController],
  providers: [
    TenantRepository,
    TenantsService,
    TenantLocks,
    TenantLifecycleService,
    TenantReconciler,
  ],
  exports: [TenantRepository, TenantLocks, TenantReconciler],
})
export class TenantsModule {}
