import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of any app that registers OutboxModule: one row per event still to
 * be sent, written in the same database transaction (or statement) as the change it reports,
 * claimed by the relay with a lease and deleted once the broker confirmed it (decision 0014).
 *
 * The ledger's tenants already have this table, created by the ledger's own migrations before
 * the outbox moved here (decision 0016): this migration adopts it as it finds it. A table in
 * today's shape is left as it is, rows included; one from before leases (`published_at`,
 * still kept after publishing) is brought to today's shape exactly as the ledger's lease
 * migration did (rows already published are dropped, rows still to send are kept).
 */
export class MessagingOutbox1764900000000 implements MigrationInterface {
  name = 'MessagingOutbox1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id uuid PRIMARY KEY,
        aggregate_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        claimed_until timestamptz
      );
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'outbox'
                      AND column_name = 'published_at') THEN
          DELETE FROM outbox WHERE published_at IS NOT NULL;
          DROP INDEX IF EXISTS outbox_unpublished_idx;
          ALTER TABLE outbox DROP COLUMN published_at;
        END IF;
      END $$;
      ALTER TABLE outbox ADD COLUMN IF NOT EXISTS claimed_until timestamptz;
      CREATE INDEX IF NOT EXISTS outbox_due_idx ON outbox (created_at, id);
      CREATE INDEX IF NOT EXISTS outbox_aggregate_idx ON outbox (aggregate_id);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS outbox');
  }
}

/**
 * The outbox's schema, in order. An app appends these to its own migrations (the list it
 * hands TenancyModule), so every tenant database or schema gets the table on first use.
 */
export const OUTBOX_MIGRATIONS = [MessagingOutbox1764900000000];
