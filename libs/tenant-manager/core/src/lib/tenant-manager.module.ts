import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClientsModule } from './clients/clients.module';
import { ConnectionsModule } from './connections/connections.module';
import { ControlPlaneModule } from './control-plane/control-plane.module';
import { EventsModule } from './events/events.module';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { TenantDataModule } from './tenant-data/tenant-data.module';
import { TenantsModule } from './tenants/tenants.module';
import { TokensModule } from './tokens/tokens.module';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from './tenant-manager.options';

/** Options visible to every tenant-manager module (guards, provisioning, tokens). */
@Global()
@Module({})
class TenantManagerOptionsModule {
  static forRoot(options: TenantManagerOptions): DynamicModule {
    return {
      module: TenantManagerOptionsModule,
      providers: [{ provide: TENANT_MANAGER_OPTIONS, useValue: options }],
      exports: [TENANT_MANAGER_OPTIONS],
    };
  }
}

/**
 * The tenant registry: control plane, provisioning, admin API, connections API for
 * services, machine clients, token issuer and JWKS.
 */
@Module({})
export class TenantManagerModule {
  static forRoot(options: TenantManagerOptions): DynamicModule {
    return {
      module: TenantManagerModule,
      imports: [
        TenantManagerOptionsModule.forRoot(options),
        ControlPlaneModule,
        EventsModule,
        ProvisioningModule,
        TenantsModule,
        ConnectionsModule,
        TenantDataModule,
        ClientsModule,
        TokensModule,
      ],
    };
  }
}
