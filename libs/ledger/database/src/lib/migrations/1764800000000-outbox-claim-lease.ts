import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are claimed with a lease instead of a row lock held by an open transaction
 * while the broker confirms (decision 0014): a relay that dies mid-round leaves rows that
 * become claimable again when the lease ends.
 */
export class OutboxClaimLease1764800000000 implements MigrationInterface {
  name = 'OutboxClaimLease1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE outbox ADD COLUMN claimed_until timestamptz');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE outbox DROP COLUMN IF EXISTS claimed_until');
  }
}
