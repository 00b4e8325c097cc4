import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's own audit consumer's record of the events it received (deduplicated by event
 * id). This migration also created the ledger's outbox table, and a later one
 * (`OutboxRelayLease1764800000000`) gave it leases; both are applied in every existing tenant.
 * The outbox now belongs to @finplat/messaging (OUTBOX_MIGRATIONS, decision 0016), whose
 * migration adopts the table those tenants have and creates it for new ones, so it is no
 * longer created here.
 */
export class CreateOutbox1764600000000 implements MigrationInterface {
  name = 'CreateOutbox1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
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
    await runner.query('DROP TABLE IF EXISTS received_events');
  }
}
