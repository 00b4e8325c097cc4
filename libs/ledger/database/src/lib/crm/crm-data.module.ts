import { Module } from '@nestjs/common';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { DataKeyRepository } from './data-key.repository';
import { HolderRepository } from './holder.repository';
import { InstrumentRepository } from './instrument.repository';
import { ProtectionAuditRepository } from './protection-audit.repository';

/** The CRM's repositories: holders, instruments, wrapped data keys, their audit, idempotency keys. */
@Module({
  providers: [
    HolderRepository,
    InstrumentRepository,
    DataKeyRepository,
    ProtectionAuditRepository,
    IdempotencyStore,
  ],
  exports: [
    HolderRepository,
    InstrumentRepository,
    DataKeyRepository,
    ProtectionAuditRepository,
    IdempotencyStore,
  ],
})
export class CrmDataModule {}
