import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { dependencyFaultOf, DomainError, MetricsRegistry } from '@finplat/platform';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeploymentIdentity } from '../control-plane/deployment-identity';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import { SETTLED_STATUSES } from '../tenants/tenant.entity';
import { TenantRepository } from '../tenants/tenant.repository';

type SettledPlacements = Awaited<ReturnType<TenantRepository['settledPlacements']>>;
import {
  lifecycleTenant,
  LifecycleStepError,
  TenantLifecycleService,
} from './tenant-lifecycle.service';
import { TenantLocks } from './tenant-locks';

/** What one reconciliation round did (also returned for tests and the admin route). */
export interface ReconcileReport {
  /** Interrupted runs finished: `<tenant> provisioned|deleted|rolled back`. */
  completed: string[];
  /** Objects of this deployment no tenant owns any more, removed. */
  orphansRemoved: string[];
  /** Differences of this deployment's gateway logins from what they should be, repaired. */
  gatewaysRepaired: string[];
  /** What it could not fix, each with its reason (also logged and counted). */
  unresolved: string[];
  /** Tenants another run held: left for the next round. */
  busy: string[];
}

const messageOf = (error: unknown) =>
  error instanceof LifecycleStepError
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);

/** A failure that retrying will not cure (an object of the tenant's name is someone else's). */
const isConflict = (error: unknown) => {
  const cause = error instanceof LifecycleStepError ? error.cause : error;
  return cause instanceof DomainError && cause.definition.kind === 'conflict';
};

/**
 * Brings the physical side in line with the control plane (decision 0041), at start and every
 * TENANT_MANAGER_RECONCILE_INTERVAL_SEC:
 *
 * - tenants a run left unfinished (`provisioning`, `deleting`, `provisioning_failed`) whose lock
 *   nobody holds, i.e. whose run died with its process: provisioning is resumed (a conflict
 *   instead rolls it back), deletions and failed creations are completed;
 * - roles (with their databases and schemas) and vhosts carrying this deployment's marker for a
 *   tenant the control plane no longer has are removed;
 * - settled tenants without a read-only ledger login (made before decision 0033) get one;
 * - settled tenants whose recorded role, database, schema or vhost is missing are reported:
 *   that is data loss, not something to recreate silently; so is a read-only login that lacks
 *   its grants or holds more than SELECT.
 *
 * What it cannot fix is logged at `error` and counted in `tenant_manager_reconcile_unresolved`.
 */
@Injectable()
export class TenantReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TenantReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReconcileReport>;
  private stopped = false;
  private readonly unresolvedGauge: Gauge;
  private readonly repairs: Counter<'kind'>;
  private readonly rounds: Counter<'outcome'>;

  constructor(
    @Inject(TENANT_MANAGER_OPTIONS) private readonly options: TenantManagerOptions,
    private readonly controlPlane: DataSource,
    private readonly tenants: TenantRepository,
    private readonly lifecycle: TenantLifecycleService,
    private readonly locks: TenantLocks,
    private readonly provisioning: ProvisioningService,
    private readonly deployment: DeploymentIdentity,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    this.unresolvedGauge = new Gauge({
      name: 'tenant_manager_reconcile_unresolved',
      help: 'Problems the last reconciliation round found and could not fix (see the error log)',
      registers,
    });
    this.repairs = new Counter({
      name: 'tenant_manager_reconcile_repairs_total',
      help: 'Repairs made by the reconciler, by kind (provisioned, deleted, rolled_back, orphan, gateway, read_only_login)',
      labelNames: ['kind'],
      registers,
    });
    this.rounds = new Counter({
      name: 'tenant_manager_reconcile_rounds_total',
      help: 'Reconciliation rounds, by outcome (clean, repaired, unresolved, failed)',
      labelNames: ['outcome'],
      registers,
    });
  }

  onApplicationBootstrap(): void {
    // In the background: a slow server must not hold up the API.
    void this.reconcile().catch(() => undefined);
    const every = this.options.reconcileIntervalSec ?? 0;
    if (every > 0) {
      this.timer = setInterval(() => void this.reconcile().catch(() => undefined), every * 1000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round; concurrent calls share the round in progress. */
  reconcile(): Promise<ReconcileReport> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      completed: [],
      orphansRemoved: [],
      gatewaysRepaired: [],
      unresolved: [],
      busy: [],
    };
    try {
      await this.finishUnsettled(report);
      await this.removeOrphans(report);
      await this.addReadOnlyLogins(report);
      const settled = await this.tenants.settledPlacements();
      await this.checkSettled(report, settled);
      await this.checkGateways(report, settled);
    } catch (error) {
      this.rounds.inc({ outcome: 'failed' });
      // An unreachable server is not the reconciler's failure: the next round retries, and the
      // outage itself is what requests report (decision 0046). One line a round, no stack.
      if (dependencyFaultOf(error, 'postgresql'))
        this.logger.warn(
          `reconciliation round deferred, dependency unreachable: ${messageOf(error)}`,
        );
      else this.logger.error(`reconciliation round failed: ${messageOf(error)}`);
      throw error;
    }
    this.unresolvedGauge.set(report.unresolved.length);
    for (const problem of report.unresolved) this.logger.error(`reconciler: ${problem}`);
    const repaired =
      report.completed.length + report.orphansRemoved.length + report.gatewaysRepaired.length;
    this.rounds.inc({
      outcome: report.unresolved.length ? 'unresolved' : repaired ? 'repaired' : 'clean',
    });
    if (repaired)
      this.logger.log(
        `reconciler: ${[
          ...report.completed,
          ...report.orphansRemoved.map((o) => `removed ${o}`),
          ...report.gatewaysRepaired.map((g) => `repaired: ${g}`),
        ].join('; ')}`,
      );
    return report;
  }

  private async finishUnsettled(report: ReconcileReport): Promise<void> {
    for (const { id } of await this.tenants.unsettled()) {
      if (this.stopped) return;
      const lock = await this.locks.tryAcquire(id);
      if (!lock) {
        report.busy.push(id);
        continue;
      }
      try {
        // Read again under the lock: the run that held it may have finished in between.
        const record = await this.tenants.find(id, { manager: lock.manager });
        if (!record) continue;
        const status = record.tenant.status;
        try {
          if (status === 'provisioning') {
            try {
              await this.lifecycle.provision(lock, lifecycleTenant(record));
              report.completed.push(`${id} provisioned`);
              this.repairs.inc({ kind: 'provisioned' });
            } catch (error) {
              if (!isConflict(error)) throw error;
              await this.lifecycle.rollback(lock, lifecycleTenant(record), messageOf(error));
              report.completed.push(`${id} rolled back (${messageOf(error)})`);
              this.repairs.inc({ kind: 'rolled_back' });
            }
          } else if (status === 'deleting' || status === 'provisioning_failed') {
            await this.lifecycle.delete(lock, record);
            report.completed.push(`${id} deleted`);
            this.repairs.inc({ kind: status === 'deleting' ? 'deleted' : 'rolled_back' });
          }
        } catch (error) {
          report.unresolved.push(`tenant ${id} stays ${status}: ${messageOf(error)}`);
        }
      } finally {
        await lock.release();
      }
    }
  }

  /** Roles and vhosts marked as this deployment's, for tenants it no longer has. */
  private async removeOrphans(report: ReconcileReport): Promise<void> {
    const known = new Set(
      (await this.controlPlane.query<{ id: string }[]>('SELECT id FROM tenants')).map((r) => r.id),
    );
    const orphans = await this.provisioning.markedObjects();
    for (const orphan of orphans) {
      if (this.stopped || known.has(orphan.tenantId)) continue;
      const lock = await this.locks.tryAcquire(orphan.tenantId);
      if (!lock) continue;
      try {
        // A creation may have taken the id since the list was read.
        if (await this.tenants.find(orphan.tenantId, { manager: lock.manager })) continue;
        await orphan.remove();
        report.orphansRemoved.push(orphan.label);
        this.repairs.inc({ kind: 'orphan' });
      } catch (error) {
        report.unresolved.push(`could not remove orphaned ${orphan.label}: ${messageOf(error)}`);
      } finally {
        await lock.release();
      }
    }
  }

  /**
   * Settled tenants made before read-only logins (decision 0033) get theirs: it holds no data,
   * so creating it is safe, and without it reporter cannot read the tenant's ledger.
   */
  private async addReadOnlyLogins(report: ReconcileReport): Promise<void> {
    for (const tenant of await this.tenants.settledPlacements()) {
      if (this.stopped) return;
      const services = new Set(tenant.postgres.map((p) => p.service));
      if (tenant.readOnly.length || !services.has('ledger') || !services.has('reporter')) continue;
      const lock = await this.locks.tryAcquire(tenant.tenantId);
      if (!lock) {
        report.busy.push(tenant.tenantId);
        continue;
      }
      try {
        const record = await this.tenants.find(tenant.tenantId, { manager: lock.manager });
        if (record && (await this.lifecycle.addReadOnlyLogin(lock, record))) {
          report.completed.push(`${tenant.tenantId} read-only ledger login added`);
          this.repairs.inc({ kind: 'read_only_login' });
        }
      } catch (error) {
        report.unresolved.push(
          `tenant ${tenant.tenantId}: read-only ledger login not added: ${messageOf(error)}`,
        );
      } finally {
        await lock.release();
      }
    }
  }

  /** Settled tenants whose recorded objects are gone: reported, never recreated. */
  private async checkSettled(report: ReconcileReport, settled: SettledPlacements): Promise<void> {
    const missing = await this.provisioning.missingObjects(settled);
    for (const problem of missing) report.unresolved.push(problem);
  }

  /**
   * This deployment's gateway logins (decision 0042): a lost login, CONNECT or tenant grant is
   * put back (a gateway holds no data, so recreating it hides nothing), a promoted tenant's
   * leftover grant taken back. A tenant's grant is changed under its lock, after checking it
   * is still settled: a deletion or promotion may have started since the list was read.
   */
  private async checkGateways(report: ReconcileReport, settled: SettledPlacements): Promise<void> {
    for (const finding of await this.provisioning.gatewayFindings(settled)) {
      if (this.stopped) return;
      const { problem, tenantId, repair } = finding;
      if (!repair) {
        report.unresolved.push(problem);
        continue;
      }
      const lock = tenantId ? await this.locks.tryAcquire(tenantId) : null;
      if (tenantId && !lock) {
        report.busy.push(tenantId);
        continue;
      }
      try {
        if (tenantId) {
          const record = await this.tenants.find(tenantId, { manager: lock?.manager });
          if (!record || !SETTLED_STATUSES.includes(record.tenant.status)) continue;
        }
        await repair();
        report.gatewaysRepaired.push(problem);
        this.repairs.inc({ kind: 'gateway' });
      } catch (error) {
        report.unresolved.push(`${problem}; not repaired: ${messageOf(error)}`);
      } finally {
        await lock?.release();
      }
    }
  }

  /** Marker prefix of this deployment (for tests and docs). */
  get markerPrefix(): string {
    return this.deployment.markerPrefix;
  }
}
