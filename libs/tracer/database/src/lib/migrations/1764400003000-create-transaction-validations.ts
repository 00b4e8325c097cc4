import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision records: one per `request_id` (the unique index is what makes N concurrent
 * duplicates produce one record), immutable once written. PostgreSQL refuses UPDATE, DELETE
 * and TRUNCATE: the privileges are revoked from the app's role and PUBLIC, and triggers
 * refuse them for every role that does not deliberately bypass triggers.
 */
export class CreateTransactionValidations1764400003000 implements MigrationInterface {
  name = 'CreateTransactionValidations1764400003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE transaction_validations (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        transaction_type text NOT NULL,
        sub_type text,
        amount numeric NOT NULL CHECK (amount >= 0),
        currency text NOT NULL,
        transaction_timestamp timestamptz NOT NULL,
        account jsonb NOT NULL,
        segment jsonb,
        portfolio jsonb,
        merchant jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        decision text NOT NULL CHECK (decision IN ('ALLOW', 'DENY', 'REVIEW')),
        reason text NOT NULL,
        matched_rule_ids uuid[] NOT NULL DEFAULT '{}',
        evaluated_rule_ids uuid[] NOT NULL DEFAULT '{}',
        exceeded_limit_ids uuid[] NOT NULL DEFAULT '{}',
        limit_usage_details jsonb NOT NULL DEFAULT '[]'::jsonb,
        total_rules_loaded integer NOT NULL,
        truncated boolean NOT NULL,
        processing_time_ms double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX transaction_validations_request_uq ON transaction_validations (request_id);
      CREATE INDEX transaction_validations_created_idx ON transaction_validations (created_at, id);
      CREATE INDEX transaction_validations_account_idx
        ON transaction_validations ((account->>'accountId'), created_at);
      CREATE INDEX transaction_validations_matched_idx
        ON transaction_validations USING gin (matched_rule_ids);
      CREATE INDEX transaction_validations_exceeded_idx
        ON transaction_validations USING gin (exceeded_limit_ids);

      CREATE TRIGGER transaction_validations_immutable BEFORE UPDATE OR DELETE
        ON transaction_validations FOR EACH ROW EXECUTE FUNCTION tracer_refuse_change();
      CREATE TRIGGER transaction_validations_no_truncate BEFORE TRUNCATE
        ON transaction_validations FOR EACH STATEMENT EXECUTE FUNCTION tracer_refuse_change();
      REVOKE UPDATE, DELETE, TRUNCATE ON transaction_validations FROM PUBLIC, CURRENT_USER;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE transaction_validations;');
  }
}
