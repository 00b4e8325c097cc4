import { Injectable } from '@nestjs/common';
import type { SqlStatements } from '@finplat/tenancy';

/**
 * Where a report job goes besides its PostgreSQL row. Without a broker nowhere: the
 * PostgreSQL-claim worker finds the row. With one (ReportsModule `broker`), the job and the
 * dead letter of a report that ended in Error are written to the outbox in the caller's
 * transaction (OutboxReportJobQueue), so they exist exactly when that transaction commits.
 */
@Injectable()
export class ReportJobQueue {
  /** Whether jobs travel through a broker (the PostgreSQL poller then only catches up). */
  readonly viaBroker: boolean = false;

  /** The report's job was written with `m`. */
  async enqueue(_m: SqlStatements, _reportId: string): Promise<void> {
    // No broker: the report_jobs row is the whole job.
  }

  /** The report ended in Error for `reason`, written with `m`. */
  async deadLetter(_m: SqlStatements, _reportId: string, _reason: string): Promise<void> {
    // No broker: the report's Error status and reason are the record.
  }

  /** The caller's transaction committed: relay now rather than at the next poll. */
  committed(): void {
    // Nothing to relay.
  }
}
