import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule, LedgersModule } from '@finplat/ledger-onboarding';
import { FeesModule } from './fees/fees.module';
import { OperationsController } from './operations/operations.controller';
import { OperationsService } from './operations/operations.service';
import { PostingMetrics } from './posting/posting.metrics';
import { PostingRepository } from './posting/posting.repository';
import {
  DEFAULT_POSTING_OPTIONS,
  POSTING_OPTIONS,
  PostingService,
  type PostingOptions,
} from './posting/posting.service';
import { TransactionsController } from './transactions/transactions.controller';
import { TransactionsService } from './transactions/transactions.service';
import { LedgerTracer } from './tracer/ledger-tracer.service';
import { TracerClient } from './tracer/tracer.client';
import {
  DEFAULT_TRACER_CLIENT_OPTIONS,
  TRACER_CLIENT_OPTIONS,
  type TracerClientOptions,
} from './tracer/tracer-client.config';
import { TracerFactsRepository } from './tracer/tracer-facts.repository';

@Module({})
export class TransactionsModule {
  static forRoot(
    options: PostingOptions = DEFAULT_POSTING_OPTIONS,
    tracer: TracerClientOptions = DEFAULT_TRACER_CLIENT_OPTIONS,
  ): DynamicModule {
    return {
      module: TransactionsModule,
      // OutboxWriter comes from OutboxModule (global), registered by LedgerEventsModule.
      imports: [LedgersModule, AccountsModule, FeesModule],
      controllers: [TransactionsController, OperationsController],
      providers: [
        { provide: POSTING_OPTIONS, useValue: options },
        { provide: TRACER_CLIENT_OPTIONS, useValue: tracer },
        TracerClient,
        TracerFactsRepository,
        LedgerTracer,
        PostingRepository,
        PostingMetrics,
        PostingService,
        TransactionsService,
        OperationsService,
      ],
      exports: [PostingService, LedgerTracer],
    };
  }
}
