import { Module } from '@nestjs/common';
import { LedgersModule } from '@finplat/ledger-onboarding';
import { OperationRoutesController } from './operation-routes.controller';
import { OperationRoutesService } from './operation-routes.service';
import { RoutesRepository } from './routes.repository';
import { TransactionRoutesController } from './transaction-routes.controller';
import { TransactionRoutesService } from './transaction-routes.service';

/** Accounting routes: operation routes and the transaction routes that group them. */
@Module({
  imports: [LedgersModule],
  controllers: [OperationRoutesController, TransactionRoutesController],
  providers: [RoutesRepository, OperationRoutesService, TransactionRoutesService],
})
export class RoutesModule {}
