import { Module } from '@nestjs/common';
import { LimitsModule } from '@finplat/tracer-limits';
import { RulesModule } from '@finplat/tracer-rules';
import { ValidateTransactionUseCase } from './validate-transaction.use-case';
import { ValidationBatchHooks } from './validation-batch.hooks';
import { ValidationEventsListener } from './validation-events.listener';
import { ValidationRepository } from './validation.repository';
import { ValidationsController } from './validations.controller';
import { ReservationsController } from './reservations/reservations.controller';
import { ReservationsService } from './reservations/reservations.service';

@Module({
  imports: [RulesModule, LimitsModule],
  controllers: [ValidationsController, ReservationsController],
  providers: [
    ValidationRepository,
    ValidateTransactionUseCase,
    ReservationsService,
    ValidationBatchHooks,
    ValidationEventsListener,
  ],
  exports: [ReservationsService, ValidationBatchHooks],
})
export class ValidationsModule {}
