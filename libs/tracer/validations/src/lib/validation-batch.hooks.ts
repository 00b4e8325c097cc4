import { Injectable } from '@nestjs/common';
import type { SqlStatements } from '@finplat/tenancy';
import type { ValidationResponse } from './dto/validation.response';
import type { ValidationRecord } from './validation.record';

/** One validation a batch wrote: its stored record and the answer its caller gets. */
export interface WrittenValidation {
  record: ValidationRecord;
  response: ValidationResponse;
}

/**
 * Work that must commit or roll back with a batch of validations (an outbox row per
 * validation, say). `written` runs inside the batch's database transaction, after the
 * records and audit events, with statements that join it; throwing fails the whole batch.
 * `committed` runs once the batch has committed (to nudge a relay).
 */
export interface ValidationBatchListener {
  written(validations: readonly WrittenValidation[], sql: SqlStatements): Promise<void>;
  committed?(tenantId: string): void;
}

/**
 * Where other features hook into the validation write path without the validations feature
 * knowing them: a provider registers its listener at module init.
 */
@Injectable()
export class ValidationBatchHooks {
  private readonly listeners: ValidationBatchListener[] = [];

  register(listener: ValidationBatchListener): void {
    this.listeners.push(listener);
  }

  get all(): readonly ValidationBatchListener[] {
    return this.listeners;
  }
}
