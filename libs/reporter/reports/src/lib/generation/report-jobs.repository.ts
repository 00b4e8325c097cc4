import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE … RETURNING with `[rows, count]`, a SELECT with `rows`. */
function returned<R>(result: unknown): R[] {
  const list = result as unknown[];
  return (Array.isArray(list[0]) ? list[0] : list) as R[];
}

export interface ClaimedJob {
  reportId: string;
  /** This attempt's number, 1 for the first. */
  attempt: number;
}

/**
 * The PostgreSQL side of report generation: jobs written with their reports, claimed with
 * `FOR UPDATE SKIP LOCKED` under a lease. A worker that dies leaves its lease to expire and
 * the job to be claimed again; finishing checks the lease is still this worker's, so a report
 * finishes exactly once.
 */
@Injectable()
export class ReportJobsRepository {
  constructor(private readonly db: TenantDb) {}

  /**
   * Claims the next runnable job: a pending one that is due, or a running one whose lease ran
   * out. Given `brokerFallbackSec` (jobs go through a broker), a pending job never attempted is
   * left to the broker's consumer until it is that old.
   */
  async claimNext(
    worker: string,
    leaseSec: number,
    brokerFallbackSec?: number,
  ): Promise<ClaimedJob | null> {
    const rows = await this.db.transaction(async (m) =>
      returned<{ report_id: string; attempts: number }>(
        await m.query(
          `UPDATE report_jobs SET state = 'running', attempts = attempts + 1, locked_by = $1,
                locked_until = now() + make_interval(secs => $2), updated_at = now()
          WHERE report_id = (
            SELECT report_id FROM report_jobs
             WHERE (state = 'pending' AND run_after <= now()
                    AND ($3::int IS NULL OR attempts > 0
                         OR created_at < now() - make_interval(secs => $3::int)))
                OR (state = 'running' AND locked_until < now())
             ORDER BY run_after, created_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
          RETURNING report_id, attempts`,
          [worker, leaseSec, brokerFallbackSec ?? null],
        ),
      ),
    );
    const [row] = rows;
    return row ? { reportId: row.report_id, attempt: row.attempts } : null;
  }

  /** Claims one job by id (a broker message names it); null when it is not runnable now. */
  async claim(reportId: string, worker: string, leaseSec: number): Promise<ClaimedJob | null> {
    const rows = await this.db.transaction(async (m) =>
      returned<{ report_id: string; attempts: number }>(
        await m.query(
          `UPDATE report_jobs SET state = 'running', attempts = attempts + 1, locked_by = $2,
                locked_until = now() + make_interval(secs => $3), updated_at = now()
          WHERE report_id = $1
            AND (state = 'pending' OR (state = 'running' AND locked_until < now()))
          RETURNING report_id, attempts`,
          [reportId, worker, leaseSec],
        ),
      ),
    );
    const [row] = rows;
    return row ? { reportId: row.report_id, attempt: row.attempts } : null;
  }

  /**
   * Runs `work` in a transaction that holds the job, only while the lease is still this
   * worker's; returns false (and runs nothing) when another worker has taken the job over.
   */
  async whileHeld(
    reportId: string,
    worker: string,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const held: unknown[] = await m.query(
        `SELECT 1 FROM report_jobs WHERE report_id = $1 AND state = 'running' AND locked_by = $2 FOR UPDATE`,
        [reportId, worker],
      );
      if (held.length === 0) return false;
      await work(m);
      return true;
    });
  }

  /** Ends the job (done: finished or failed for good). */
  async close(
    manager: EntityManager,
    reportId: string,
    state: 'done' | 'dead',
    error?: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE report_jobs SET state = $2, locked_by = NULL, locked_until = NULL, last_error = $3, updated_at = now()
        WHERE report_id = $1`,
      [reportId, state, error ?? null],
    );
  }

  /** Puts the job back to run again after `delaySec`, recording why. */
  async retryLater(
    manager: EntityManager,
    reportId: string,
    delaySec: number,
    error: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE report_jobs SET state = 'pending', locked_by = NULL, locked_until = NULL, last_error = $2,
              run_after = now() + make_interval(secs => $3), published_at = NULL, updated_at = now()
        WHERE report_id = $1`,
      [reportId, error, delaySec],
    );
  }

  /** Extends the lease while a long report is being built. */
  async renew(reportId: string, worker: string, leaseSec: number): Promise<void> {
    await this.db.transaction((m) =>
      m.query(
        `UPDATE report_jobs SET locked_until = now() + make_interval(secs => $3)
          WHERE report_id = $1 AND locked_by = $2 AND state = 'running'`,
        [reportId, worker, leaseSec],
      ),
    );
  }

  /** The job's state, for idempotent consumers and tests. */
  async state(
    reportId: string,
  ): Promise<{ state: string; attempts: number; lastError: string | null } | null> {
    const rows: { state: string; attempts: number; last_error: string | null }[] =
      await this.db.transaction((m) =>
        m.query('SELECT state, attempts, last_error FROM report_jobs WHERE report_id = $1', [
          reportId,
        ]),
      );
    return rows[0]
      ? { state: rows[0].state, attempts: rows[0].attempts, lastError: rows[0].last_error }
      : null;
  }
}
