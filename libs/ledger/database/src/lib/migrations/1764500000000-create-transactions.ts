import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transactions, their operations (one per balance touched, with the balance before and
 * after), idempotency keys (written in the posting transaction itself) and asset rates.
 */
export class CreateTransactions1764500000000 implements MigrationInterface {
  name = 'CreateTransactions1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "transaction" (
        id uuid PRIMARY KEY,
        parent_transaction_id uuid REFERENCES "transaction" (id),
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        description text,
        kind text NOT NULL,
        status text NOT NULL,
        status_description text,
        amount numeric NOT NULL,
        asset_code text NOT NULL,
        chart_of_accounts_group_name text,
        route text,
        pending boolean NOT NULL DEFAULT false,
        body jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        transaction_date timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX transaction_ledger_id_idx ON "transaction" (ledger_id, id);
      CREATE UNIQUE INDEX transaction_single_revert_uq ON "transaction" (parent_transaction_id)
        WHERE parent_transaction_id IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX transaction_metadata_idx ON "transaction" USING gin (metadata);

      CREATE TABLE operation (
        id uuid PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES "transaction" (id),
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        account_id uuid NOT NULL,
        account_alias text NOT NULL,
        balance_id uuid NOT NULL REFERENCES balance (id),
        balance_key text NOT NULL,
        type text NOT NULL,
        direction text NOT NULL,
        asset_code text NOT NULL,
        amount numeric NOT NULL,
        available_before numeric NOT NULL,
        on_hold_before numeric NOT NULL,
        version_before bigint NOT NULL,
        available_after numeric NOT NULL,
        on_hold_after numeric NOT NULL,
        version_after bigint NOT NULL,
        balance_affected boolean NOT NULL DEFAULT true,
        status text NOT NULL,
        description text,
        chart_of_accounts text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX operation_transaction_idx ON operation (transaction_id);
      CREATE INDEX operation_account_idx ON operation (account_id, id);
      CREATE INDEX operation_balance_history_idx ON operation (balance_id, created_at DESC, version_after DESC);

      CREATE TABLE idempotency_key (
        ledger_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        transaction_id uuid,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (ledger_id, key)
      );
      CREATE INDEX idempotency_key_expiry_idx ON idempotency_key (expires_at);

      CREATE TABLE asset_rate (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        external_id uuid NOT NULL,
        "from" text NOT NULL,
        "to" text NOT NULL,
        rate numeric NOT NULL,
        scale integer,
        source text,
        ttl bigint NOT NULL DEFAULT 0,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX asset_rate_pair_uq ON asset_rate (ledger_id, "from", "to");
      CREATE UNIQUE INDEX asset_rate_external_id_uq ON asset_rate (ledger_id, external_id);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE asset_rate; DROP TABLE idempotency_key; DROP TABLE operation; DROP TABLE "transaction";',
    );
  }
}
