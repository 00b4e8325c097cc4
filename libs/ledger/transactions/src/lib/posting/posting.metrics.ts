import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import { Histogram } from 'prom-client';

/** How well group commit is batching: postings per database transaction. */
@Injectable()
export class PostingMetrics {
  private readonly batchSize: Histogram;

  constructor(metrics: MetricsRegistry) {
    this.batchSize = new Histogram({
      name: 'ledger_posting_batch_size',
      help: 'New postings written together in one database transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [metrics.registry],
    });
  }

  batchWritten(size: number): void {
    this.batchSize.observe(size);
  }
}
