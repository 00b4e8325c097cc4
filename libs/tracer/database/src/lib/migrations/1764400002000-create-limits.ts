import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spending limits and their usage counters. A counter is one (limit, scope key, period key)
 * row: the scope key follows the limit's own scope granularity, the period key the calendar
 * period (UTC) the usage belongs to. Validations raise `current_usage`, reservations
 * `reserved_usage`, both through one guarded upsert whose WHERE keeps their sum within the
 * limit (see LimitGuard); the CHECKs are the last fence.
 */
export class CreateLimits1764400002000 implements MigrationInterface {
  name = 'CreateLimits1764400002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE limits (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
        description text CHECK (char_length(description) <= 1000),
        limit_type text NOT NULL
          CHECK (limit_type IN ('DAILY', 'WEEKLY', 'MONTHLY', 'CUSTOM', 'PER_TRANSACTION')),
        max_amount numeric NOT NULL CHECK (max_amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        scopes jsonb NOT NULL CHECK (jsonb_typeof(scopes) = 'array'),
        status text NOT NULL DEFAULT 'DRAFT'
          CHECK (status IN ('DRAFT', 'ACTIVE', 'INACTIVE', 'DELETED')),
        active_time_start text CHECK (active_time_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        active_time_end text CHECK (active_time_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        custom_start_date timestamptz,
        custom_end_date timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        deactivated_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT limits_deleted_at_matches_status
          CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL)),
        CONSTRAINT limits_window_both_or_none
          CHECK ((active_time_start IS NULL) = (active_time_end IS NULL)),
        CONSTRAINT limits_custom_period
          CHECK ((limit_type = 'CUSTOM') = (custom_start_date IS NOT NULL AND custom_end_date IS NOT NULL))
      );
      CREATE UNIQUE INDEX limits_name_uq ON limits (lower(name)) WHERE status <> 'DELETED';
      CREATE INDEX limits_active_idx ON limits (currency) WHERE status = 'ACTIVE';
      CREATE INDEX limits_created_at_idx ON limits (created_at, id) WHERE status <> 'DELETED';

      CREATE TABLE usage_counters (
        limit_id uuid NOT NULL REFERENCES limits (id) ON DELETE CASCADE,
        scope_key text NOT NULL,
        period_key text NOT NULL,
        current_usage numeric NOT NULL DEFAULT 0 CHECK (current_usage >= 0),
        reserved_usage numeric NOT NULL DEFAULT 0 CHECK (reserved_usage >= 0),
        last_updated_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        PRIMARY KEY (limit_id, scope_key, period_key)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE usage_counters, limits;');
  }
}
