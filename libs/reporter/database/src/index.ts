import { OUTBOX_MIGRATIONS } from '@finplat/messaging';
import { CreateTemplates1764500000000 } from './lib/migrations/1764500000000-create-templates';
import { CreateReports1765100000000 } from './lib/migrations/1765100000000-create-reports';

export * from './lib/idempotency/idempotency.repository';

/**
 * The reporter's schema, in order, with the outbox of the shared messaging lib (report jobs
 * travel through it when a broker is configured, decision 0034). Applied to each tenant's
 * database or schema on first use.
 */
export const REPORTER_MIGRATIONS = [
  CreateTemplates1764500000000,
  CreateReports1765100000000,
  ...OUTBOX_MIGRATIONS,
];
