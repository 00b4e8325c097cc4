import { CreateOnboarding1764320000000 } from './lib/migrations/1764320000000-create-onboarding';

/** The ledger's schema, in order. Applied to each tenant's database or schema on first use. */
export const LEDGER_MIGRATIONS = [CreateOnboarding1764320000000];
