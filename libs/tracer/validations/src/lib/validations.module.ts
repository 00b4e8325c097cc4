import { Module } from '@nestjs/common';
import { LimitsModule } from '@finplat/tracer-limits';
import { RulesModule } from '@finplat/tracer-rules';
import { ValidateTransactionUseCase } from './validate-transaction.use-case';
import { ValidationRepository } from './validation.repository';
import { ValidationsController } from './validations.controller';

@Module({
  imports: [RulesModule, LimitsModule],
  controllers: [ValidationsController],
  providers: [ValidationRepository, ValidateTransactionUseCase],
})
export class ValidationsModule {}
