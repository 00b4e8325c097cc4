import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounting routes (decision 0058): operation routes (which accounts a leg may touch, and the
 * chart-of-accounts codes of each action) and transaction routes (the operation routes a
 * transaction may use). Transactions and operations record the routes they went through.
 */
export class CreateRoutes1765057000000 implements MigrationInterface {
  name = 'CreateRoutes1765057000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE operation_route (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        title text NOT NULL,
        description text,
        code text,
        operation_type text NOT NULL CHECK (operation_type IN ('source', 'destination', 'bidirectional')),
        account_rule_type text CHECK (account_rule_type IN ('alias', 'account_type')),
        account_valid_if jsonb,
        accounting_entries jsonb NOT NULL DEFAULT '{}'::jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX operation_route_title_uq ON operation_route (ledger_id, lower(title))
        WHERE deleted_at IS NULL;
      CREATE INDEX operation_route_ledger_idx ON operation_route (ledger_id, id);
      CREATE INDEX operation_route_metadata_idx ON operation_route USING gin (metadata);

      CREATE TABLE transaction_route (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        title text NOT NULL,
        description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX transaction_route_ledger_idx ON transaction_route (ledger_id, id);
      CREATE INDEX transaction_route_metadata_idx ON transaction_route USING gin (metadata);

      CREATE TABLE transaction_route_operation_route (
        transaction_route_id uuid NOT NULL REFERENCES transaction_route (id),
        operation_route_id uuid NOT NULL REFERENCES operation_route (id),
        PRIMARY KEY (transaction_route_id, operation_route_id)
      );
      CREATE INDEX transaction_route_link_operation_idx
        ON transaction_route_operation_route (operation_route_id);

      ALTER TABLE "transaction" ADD COLUMN route_id uuid;
      ALTER TABLE operation
        ADD COLUMN route_id uuid,
        ADD COLUMN route_code text,
        ADD COLUMN route_description text;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE operation DROP COLUMN route_id, DROP COLUMN route_code, DROP COLUMN route_description;
      ALTER TABLE "transaction" DROP COLUMN route_id;
      DROP TABLE transaction_route_operation_route;
      DROP TABLE transaction_route;
      DROP TABLE operation_route;
    `);
  }
}
