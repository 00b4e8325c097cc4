import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@finplat/platform';
import { TenantManagerModule } from '@finplat/tenant-manager-core';
import type { TenantManagerConfig } from './config/tenant-manager.config';

@Module({})
export class AppModule {
  static forRoot(config: TenantManagerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'tenant-manager', logLevel: config.logLevel }),
        TenantManagerModule.forRoot(config.options),
      ],
    };
  }
}
