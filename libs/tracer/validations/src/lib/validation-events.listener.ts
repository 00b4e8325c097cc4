import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { TracerValidationEvent } from '@finplat/contracts';
import { newId } from '@finplat/platform';
import type { SqlStatements } from '@finplat/tenancy';
import { TracerEvents, VALIDATION_EVENT_TYPES } from '@finplat/tracer-events';
import {
  ValidationBatchHooks,
  type ValidationBatchListener,
  type WrittenValidation,
} from './validation-batch.hooks';

/** The event a recorded validation publishes: its answer, and what was validated. */
export function validationEvent({ record, response }: WrittenValidation): TracerValidationEvent {
  return {
    id: newId(),
    type: VALIDATION_EVENT_TYPES[record.decision],
    occurredAt: response.evaluatedAt,
    validationId: record.id,
    requestId: response.requestId,
    decision: record.decision,
    transactionType: record.transaction_type,
    amount: record.amount,
    currency: record.currency,
    accountId: String(record.account.accountId),
    validation: response,
  };
}

/**
 * One `validation.*` event per recorded validation (decision 0024), written to the outbox in
 * the batch's own transaction (ValidationBatchHooks): a batch that rolls back publishes
 * nothing, and a replay of a request id publishes nothing again.
 */
@Injectable()
export class ValidationEventsListener implements ValidationBatchListener, OnModuleInit {
  constructor(
    private readonly hooks: ValidationBatchHooks,
    private readonly events: TracerEvents,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  written(validations: readonly WrittenValidation[], sql: SqlStatements): Promise<void> {
    return this.events.publish(validations.map(validationEvent), sql);
  }

  committed(tenantId: string): void {
    this.events.committed(tenantId);
  }
}
