import { OUTBOX_MIGRATIONS } from '@finplat/messaging';
import { CreateRules1764400000000 } from './lib/migrations/1764400000000-create-rules';
import { CreateAuditEvents1764400001000 } from './lib/migrations/1764400001000-create-audit-events';
import { CreateLimits1764400002000 } from './lib/migrations/1764400002000-create-limits';
import { CreateTransactionValidations1764400003000 } from './lib/migrations/1764400003000-create-transaction-validations';
import { CreateUsageReservations1764400004000 } from './lib/migrations/1764400004000-create-usage-reservations';

/**
 * The tracer's schema, in order, with the outbox of the shared messaging lib (tracer publishes
 * its events through OutboxModule, decision 0024). Applied to each tenant's database or schema
 * on first use.
 */
export const TRACER_MIGRATIONS = [
  CreateRules1764400000000,
  CreateAuditEvents1764400001000,
  CreateLimits1764400002000,
  CreateTransactionValidations1764400003000,
  CreateUsageReservations1764400004000,
  ...OUTBOX_MIGRATIONS,
];
