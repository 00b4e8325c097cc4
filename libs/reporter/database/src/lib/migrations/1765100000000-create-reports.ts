import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports, their generation jobs (the PostgreSQL queue the worker claims from when no broker
 * is configured, and the outbox the relay publishes from when one is), their files (kept in
 * the tenant's own database unless object storage is configured) and idempotency keys.
 */
export class CreateReports1765100000000 implements MigrationInterface {
  name = 'CreateReports1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        resource_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        template_id uuid NOT NULL REFERENCES templates (id),
        output_format text NOT NULL,
        status text NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}'::jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        completed_at timestamptz,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT reports_status_ck CHECK (status IN ('Processing', 'Finished', 'Error'))
      );
      CREATE INDEX reports_created_at_idx ON reports (created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX reports_template_idx ON reports (template_id) WHERE deleted_at IS NULL;
      CREATE INDEX reports_expiry_idx ON reports (expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE report_jobs (
        report_id uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        run_after timestamptz NOT NULL DEFAULT now(),
        locked_by text,
        locked_until timestamptz,
        last_error text,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_jobs_state_ck CHECK (state IN ('pending', 'running', 'done', 'dead'))
      );
      CREATE INDEX report_jobs_ready_idx ON report_jobs (run_after) WHERE state IN ('pending', 'running');
      CREATE INDEX report_jobs_unpublished_idx ON report_jobs (created_at) WHERE published_at IS NULL AND state = 'pending';

      CREATE TABLE report_files (
        report_id uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        content bytea,
        storage_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_files_where_ck CHECK ((content IS NULL) <> (storage_key IS NULL))
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE report_files; DROP TABLE report_jobs; DROP TABLE reports; DROP TABLE idempotency_keys;',
    );
  }
}
