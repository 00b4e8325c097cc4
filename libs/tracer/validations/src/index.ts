export * from './lib/rule-evaluation';
export * from './lib/transaction-facts';
export * from './lib/validate-transaction.use-case';
export * from './lib/validation-batch.hooks';
export type { ValidationRecord } from './lib/validation.record';
export * from './lib/validations.module';
export * from './lib/reservations/reservations.service';
