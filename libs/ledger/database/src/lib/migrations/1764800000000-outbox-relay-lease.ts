import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay claims outbox rows with a lease instead of a row lock held by an open transaction
 * while the broker confirms, and deletes the rows the broker confirmed instead of stamping them
 * (decision 0014): the outbox holds only what is still to be sent, so it no longer grows with
 * every posting, and marking costs one delete instead of an update of every index.
 */
export class OutboxRelayLease1764800000000 implements MigrationInterface {
  name = 'OutboxRelayLease1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DELETE FROM outbox WHERE published_at IS NOT NULL;
      DROP INDEX IF EXISTS outbox_unpublished_idx;
      ALTER TABLE outbox DROP COLUMN published_at, ADD COLUMN claimed_until timestamptz;
      CREATE INDEX outbox_due_idx ON outbox (created_at, id);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP INDEX IF EXISTS outbox_due_idx;
      ALTER TABLE outbox DROP COLUMN claimed_until, ADD COLUMN published_at timestamptz;
      CREATE INDEX outbox_unpublished_idx ON outbox (created_at, id) WHERE published_at IS NULL;
    `);
  }
}
