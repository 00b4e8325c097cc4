import { DynamicModule, Module } from '@nestjs/common';
import { CrmDataModule, OnboardingDataModule } from '@finplat/ledger-database';
import { AccountsModule, LedgersModule, OrganizationsModule } from '@finplat/ledger-onboarding';
import { CompositionController } from './composition/composition.controller';
import { OpenHolderAccountUseCase } from './composition/open-holder-account.use-case';
import type { CrmOptions } from './crm.config';
import { CRM_OPTIONS } from './crm.tokens';
import { EncryptionController } from './encryption/encryption.controller';
import { EncryptionService } from './encryption/encryption.service';
import { KeyRing } from './encryption/key-ring';
import { HoldersController } from './holders/holders.controller';
import { HoldersService } from './holders/holders.service';
import { InstrumentsController } from './instruments/instruments.controller';
import { InstrumentsService } from './instruments/instruments.service';

/** Holders and instruments of each organization, with their PII encrypted at rest. */
@Module({})
export class CrmModule {
  static forRoot(options: CrmOptions): DynamicModule {
    return {
      module: CrmModule,
      imports: [
        CrmDataModule,
        OnboardingDataModule,
        OrganizationsModule,
        LedgersModule,
        AccountsModule,
      ],
      controllers: [
        HoldersController,
        InstrumentsController,
        CompositionController,
        EncryptionController,
      ],
      providers: [
        { provide: CRM_OPTIONS, useValue: options },
        KeyRing,
        HoldersService,
        InstrumentsService,
        OpenHolderAccountUseCase,
        EncryptionService,
      ],
      exports: [KeyRing, HoldersService],
    };
  }
}
