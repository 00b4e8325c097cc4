import { Module } from '@nestjs/common';
import { DataKeyRepository } from './data-key.repository';
import { HolderRepository } from './holder.repository';
import { InstrumentRepository } from './instrument.repository';
import { ProtectionAuditRepository } from './protection-audit.repository';

/** The CRM's repositories: holders, instruments, wrapped data keys and their audit. */
@Module({
  providers: [HolderRepository, InstrumentRepository, DataKeyRepository, ProtectionAuditRepository],
  exports: [HolderRepository, InstrumentRepository, DataKeyRepository, ProtectionAuditRepository],
})
export class CrmDataModule {}
