import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (one row per ledger event, written by the posting statement
 * itself and relayed to the tenant's RabbitMQ vhost) and the ledger's own audit consumer's
 * record of the events it received (deduplicated by event id).
 */
export class CreateOutbox1764600000000 implements MigrationInterface {
  name = 'CreateOutbox1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        aggregate_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_unpublished_idx ON outbox (created_at, id) WHERE published_at IS NULL;
      CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_id);

      CREATE TABLE received_events (
        event_id uuid PRIMARY KEY,
        event_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        tenant_id text NOT NULL,
        deliveries int NOT NULL DEFAULT 1,
        first_received_at timestamptz NOT NULL DEFAULT now(),
        last_received_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS received_events; DROP TABLE IF EXISTS outbox;');
  }
}
