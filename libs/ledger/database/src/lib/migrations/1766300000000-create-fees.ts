import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fees (decision 0053): fee packages, whose fees become extra legs of the transactions that
 * match them, and billing packages, whose periodic charges `billing/calculate` computes.
 * Both belong to one ledger of one organization; the packages a posting may match are read
 * by ledger and amount range (fee_package_match_idx).
 */
export class CreateFees1766300000000 implements MigrationInterface {
  name = 'CreateFees1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE fee_package (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        fee_group_label text NOT NULL,
        description text,
        segment_id uuid,
        transaction_route text,
        minimum_amount numeric NOT NULL CHECK (minimum_amount >= 0),
        maximum_amount numeric NOT NULL CHECK (maximum_amount >= minimum_amount),
        waived_accounts jsonb NOT NULL DEFAULT '[]'::jsonb,
        fees jsonb NOT NULL,
        enable boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX fee_package_org_idx ON fee_package (organization_id, created_at, id);
      CREATE INDEX fee_package_match_idx ON fee_package (ledger_id, minimum_amount)
        WHERE deleted_at IS NULL AND enable;

      CREATE TABLE billing_package (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        ledger_id uuid NOT NULL,
        label text NOT NULL,
        description text,
        type text NOT NULL CHECK (type IN ('volume', 'maintenance')),
        asset_code text NOT NULL,
        terms jsonb NOT NULL,
        enable boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX billing_package_org_idx ON billing_package (organization_id, created_at, id);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE billing_package; DROP TABLE fee_package;');
  }
}
