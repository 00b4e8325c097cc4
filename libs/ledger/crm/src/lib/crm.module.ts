import { DynamicModule, Module } from '@nestjs/common';
import { CrmDataModule } from '@finplat/ledger-database';
import { OrganizationsModule } from '@finplat/ledger-onboarding';
import type { CrmOptions } from './crm.config';
import { CRM_OPTIONS } from './crm.tokens';
import { KeyRing } from './encryption/key-ring';
import { HoldersController } from './holders/holders.controller';
import { HoldersService } from './holders/holders.service';

/** Holders and instruments of each organization, with their PII encrypted at rest. */
@Module({})
export class CrmModule {
  static forRoot(options: CrmOptions): DynamicModule {
    return {
      module: CrmModule,
      imports: [CrmDataModule, OrganizationsModule],
      controllers: [HoldersController],
      providers: [{ provide: CRM_OPTIONS, useValue: options }, KeyRing, HoldersService],
      exports: [KeyRing, HoldersService],
    };
  }
}
