import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdraft (decision 0057): a balance may let debits take it past zero — `available` stays
 * at 0 and the deficit accrues in `overdraft_used`, mirrored on the account's internal
 * `overdraft` balance (direction debit). Operations keep `overdraft_used` before and after, so
 * they still replay to their balance.
 */
export class BalanceOverdraft1765056000000 implements MigrationInterface {
  name = 'BalanceOverdraft1765056000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE balance
        ADD COLUMN direction text NOT NULL DEFAULT 'credit' CHECK (direction IN ('credit', 'debit')),
        ADD COLUMN balance_scope text NOT NULL DEFAULT 'transactional'
          CHECK (balance_scope IN ('transactional', 'internal')),
        ADD COLUMN overdraft_used numeric NOT NULL DEFAULT 0 CHECK (overdraft_used >= 0),
        ADD COLUMN allow_overdraft boolean NOT NULL DEFAULT false,
        ADD COLUMN overdraft_limit_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN overdraft_limit numeric CHECK (overdraft_limit >= 0);
      ALTER TABLE operation
        ADD COLUMN overdraft_used_before numeric NOT NULL DEFAULT 0,
        ADD COLUMN overdraft_used_after numeric NOT NULL DEFAULT 0;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE operation DROP COLUMN overdraft_used_before, DROP COLUMN overdraft_used_after;
      ALTER TABLE balance DROP COLUMN direction, DROP COLUMN balance_scope, DROP COLUMN overdraft_used,
        DROP COLUMN allow_overdraft, DROP COLUMN overdraft_limit_enabled, DROP COLUMN overdraft_limit;
    `);
  }
}
