import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { tenantBusy } from '../tenant-manager.errors';

/** How long an admin request waits for another lifecycle run of the same tenant. */
const LOCK_WAIT = '30s';
const LOCK_NOT_AVAILABLE = '55P03';

/** One tenant's lifecycle lock, held on its own control-plane connection until released. */
export interface TenantLock {
  /** The lock's connection: the run's control-plane writes go through it (no second one). */
  readonly manager: EntityManager;
  release(): Promise<void>;
}

/**
 * One lifecycle run per tenant at a time, across every instance of this deployment: a session
 * advisory lock on the control plane, keyed by tenant id. A session lock (not a transaction
 * holding the tenant row) lets a run commit its progress step by step, and it goes away with
 * the connection when the process dies, so the reconciler can take over an interrupted run.
 */
@Injectable()
export class TenantLocks {
  constructor(private readonly dataSource: DataSource) {}

  /** Waits up to LOCK_WAIT (then 409 TM-0017). */
  async acquire(tenantId: string): Promise<TenantLock> {
    const runner = await this.connect();
    try {
      await runner.query(`SET lock_timeout = '${LOCK_WAIT}'`);
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key(tenantId)]);
      await runner.query('RESET lock_timeout');
    } catch (error) {
      await runner.release();
      if ((error as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE)
        throw tenantBusy(tenantId, 'busy with another lifecycle operation');
      throw error;
    }
    return this.lock(runner, tenantId);
  }

  /** The lock when nobody holds it, else null (the reconciler skips busy tenants). */
  async tryAcquire(tenantId: string): Promise<TenantLock | null> {
    const runner = await this.connect();
    try {
      const [row] = (await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [key(tenantId)],
      )) as { locked: boolean }[];
      if (row.locked) return this.lock(runner, tenantId);
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return null;
  }

  private async connect(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }

  private lock(runner: QueryRunner, tenantId: string): TenantLock {
    return {
      manager: runner.manager,
      release: async () => {
        try {
          await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key(tenantId)]);
        } finally {
          await runner.release();
        }
      },
    };
  }
}

const key = (tenantId: string) => `tenant-manager:tenant:${tenantId}`;
