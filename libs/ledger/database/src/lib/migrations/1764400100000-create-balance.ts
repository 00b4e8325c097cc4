import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Balances of accounts: one `default` row is opened with every account. Amounts are
 * `numeric` (arbitrary precision); `version` counts every change of a row.
 */
export class CreateBalance1764400100000 implements MigrationInterface {
  name = 'CreateBalance1764400100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE balance (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES account (id),
        alias text NOT NULL,
        key text NOT NULL DEFAULT 'default',
        asset_code text NOT NULL,
        available numeric NOT NULL DEFAULT 0,
        on_hold numeric NOT NULL DEFAULT 0,
        version bigint NOT NULL DEFAULT 1,
        account_type text NOT NULL,
        allow_sending boolean NOT NULL DEFAULT true,
        allow_receiving boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX balance_alias_key_uq ON balance (ledger_id, alias, key) WHERE deleted_at IS NULL;
      CREATE INDEX balance_account_idx ON balance (account_id) WHERE deleted_at IS NULL;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE balance;');
  }
}
