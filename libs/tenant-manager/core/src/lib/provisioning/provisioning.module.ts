import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@finplat/platform';
import { ProvisioningService } from './provisioning.service';

@Injectable()
class ProvisioningReadiness implements OnModuleInit {
  constructor(
    private readonly provisioning: ProvisioningService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    // Without the provisioning server tenants can be read but not created or deleted.
    // Every provisioning target (PROVISION_PG_TARGETS) must answer.
    this.readiness.register('provisioning-database', async () => {
      await Promise.all([...this.provisioning.targets.values()].map((target) => target.ping()));
    });
  }
}

@Module({
  providers: [ProvisioningService, ProvisioningReadiness],
  exports: [ProvisioningService],
})
export class ProvisioningModule {}
