import { Module } from '@nestjs/common';
import { AccountsModule, LedgersModule } from '@finplat/ledger-onboarding';
import { OutboxSignal } from './events/outbox-signal';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { OperationsController } from './operations/operations.controller';
import { OperationsService } from './operations/operations.service';
import { PostingRepository } from './posting/posting.repository';
import { PostingService } from './posting/posting.service';
import { TransactionsController } from './transactions/transactions.controller';
import { TransactionsService } from './transactions/transactions.service';

@Module({
  imports: [LedgersModule, AccountsModule],
  controllers: [TransactionsController, OperationsController],
  providers: [
    PostingRepository,
    IdempotencyRepository,
    PostingService,
    TransactionsService,
    OperationsService,
    OutboxSignal,
  ],
  exports: [PostingService, OutboxSignal],
})
export class TransactionsModule {}
