import { MetricsRegistry } from '@finplat/platform';
import { Counter, Histogram } from 'prom-client';
import type { OutboxBatchResult } from './outbox-batch';

/**
 * The relay's series on `/metrics`, labelled by exchange: events the broker confirmed (and
 * that left the outbox), events it did not (kept for a later round), and how many events
 * each round carried (how well nudges coalesce).
 */
export class OutboxMetrics {
  private readonly published: Counter<'exchange'>;
  private readonly failed: Counter<'exchange'>;
  private readonly roundSize: Histogram<'exchange'>;

  constructor(
    metrics: MetricsRegistry,
    private readonly exchange: string,
  ) {
    this.published = new Counter({
      name: 'outbox_events_published_total',
      help: 'Outbox events the broker confirmed (deleted from the outbox)',
      labelNames: ['exchange'],
      registers: [metrics.registry],
    });
    this.failed = new Counter({
      name: 'outbox_events_failed_total',
      help: 'Outbox events the broker did not confirm (kept for a later round)',
      labelNames: ['exchange'],
      registers: [metrics.registry],
    });
    this.roundSize = new Histogram({
      name: 'outbox_relay_round_size',
      help: 'Outbox events claimed by one relay round',
      labelNames: ['exchange'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [metrics.registry],
    });
  }

  round(result: OutboxBatchResult): void {
    const labels = { exchange: this.exchange };
    this.roundSize.observe(labels, result.claimed);
    if (result.published.length > 0) this.published.inc(labels, result.published.length);
    if (result.failed.length > 0) this.failed.inc(labels, result.failed.length);
  }
}
