import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import { Counter, Histogram } from 'prom-client';

/** Posting-engine series: how well group commit batches, and how often races are retried. */
@Injectable()
export class PostingMetrics {
  private readonly batchSize: Histogram;
  private readonly retries: Counter<'code'>;

  constructor(metrics: MetricsRegistry) {
    this.batchSize = new Histogram({
      name: 'ledger_posting_batch_size',
      help: 'New postings written together in one database transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [metrics.registry],
    });
    this.retries = new Counter({
      name: 'ledger_posting_retries_total',
      help: 'Postings retried after losing a race (40001: balance changed or serialization failure, 40P01: deadlock, 23505: idempotency key taken)',
      labelNames: ['code'],
      registers: [metrics.registry],
    });
  }

  retried(code: string): void {
    this.retries.inc({ code });
  }

  batchWritten(size: number): void {
    this.batchSize.observe(size);
  }
}
