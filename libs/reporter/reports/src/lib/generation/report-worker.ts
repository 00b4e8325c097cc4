import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TenantBrokers } from '@finplat/messaging';
import { DependencyOutages } from '@finplat/platform';
import { DEFAULT_TENANT_ID, TenantConnectionsSource, TenantRunner } from '@finplat/tenancy';
import { jobsViaBroker, REPORTS_OPTIONS, type ReportsOptions } from '../reports.options';
import { ReportRepository } from '../reports/report.repository';
import { ReportFileStore } from '../storage/report-file-store';
import { GenerateReportUseCase, type GenerationOutcome } from './generate-report.use-case';
import { ReportJobsRepository } from './report-jobs.repository';

/** Expired reports deleted per statement. */
const EXPIRY_BATCH = 500;

/**
 * Claims report jobs from the tenants' PostgreSQL and builds them, `workers` at a time. This
 * is the path with no broker; with one, the consumer (ReportJobConsumer) hands `runOne` one
 * job at a time and this loop only catches up: retries, expired leases, and jobs the broker
 * has not delivered within REPORT_BROKER_FALLBACK_SEC (decisions 0034, 0036). Single-tenant it
 * polls the one tenant; multi-tenant it polls the tenants this process has seen a report for
 * (see `wake`).
 */
@Injectable()
export class ReportWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportWorker.name);
  readonly id = `reporter-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly tenants = new Set<string>();
  private running = 0;
  private stopped = true;
  private draining?: Promise<void>;
  private wakeUp?: () => void;
  /** When each tenant's expired reports were last deleted (REPORT_TTL). */
  private readonly swept = new Map<string, number>();
  private readonly brokers: TenantBrokers;

  constructor(
    @Inject(REPORTS_OPTIONS) private readonly options: ReportsOptions,
    private readonly runner: TenantRunner,
    private readonly jobs: ReportJobsRepository,
    private readonly generate: GenerateReportUseCase,
    private readonly outages: DependencyOutages,
    private readonly reports: ReportRepository,
    private readonly files: ReportFileStore,
    source: TenantConnectionsSource,
  ) {
    if (!options.multiTenant) this.tenants.add(DEFAULT_TENANT_ID);
    this.brokers = new TenantBrokers(source, options.rabbitmqUrl);
  }

  /** Whether this process builds reports from the PostgreSQL queue. */
  get enabled(): boolean {
    return this.options.runMode !== 'api';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.stopped = false;
    this.draining = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.draining;
  }

  /** A tenant has a new job: look now rather than at the next poll. */
  wake(tenantId: string): void {
    this.tenants.add(tenantId);
    this.wakeUp?.();
  }

  /** Builds one claimed job of a tenant (the broker consumer's entry). */
  async runOne(tenantId: string, reportId: string): Promise<GenerationOutcome | 'not-claimed'> {
    return this.runner.run(tenantId, async () => {
      const job = await this.jobs.claim(reportId, this.id, this.options.leaseSec);
      if (!job) return 'not-claimed';
      return (await this.generate.run(job, this.id)).outcome;
    });
  }

  private async loop(): Promise<void> {
    const slots = new Set<Promise<void>>();
    while (!this.stopped) {
      let claimed = false;
      for (const tenantId of [...this.tenants]) {
        await this.sweepExpired(tenantId);
        while (!this.stopped && slots.size < this.options.workers) {
          const started = await this.claimAndStart(tenantId, slots);
          if (!started) break;
          claimed = true;
        }
      }
      if (this.stopped) break;
      if (slots.size >= this.options.workers) await Promise.race(slots);
      else if (!claimed) await this.sleep(this.options.pollIntervalMs);
    }
    await Promise.allSettled([...slots]);
  }

  private async claimAndStart(tenantId: string, slots: Set<Promise<void>>): Promise<boolean> {
    let job;
    try {
      const fallbackSec = await this.brokerFallbackSec(tenantId);
      job = await this.runner.run(tenantId, () =>
        this.jobs.claimNext(this.id, this.options.leaseSec, fallbackSec),
      );
    } catch (error) {
      // A database outage is counted (and logged twice in all) rather than logged every poll.
      if (!this.outages.recordFault(error))
        this.logger.warn(
          `tenant ${tenantId}: cannot claim report jobs: ${(error as Error).message}`,
        );
      return false;
    }
    if (!job) return false;
    const claimed = job;
    this.running += 1;
    const slot = this.runner
      .run(tenantId, () => this.generate.run(claimed, this.id))
      .then(() => undefined)
      .catch((error: Error) => this.logger.error(`report ${claimed.reportId}: ${error.message}`))
      .finally(() => {
        this.running -= 1;
        slots.delete(slot);
        this.wakeUp?.();
      });
    slots.add(slot);
    return true;
  }

  /**
   * How old a fresh job must be before the poller takes it from the broker: undefined (claim at
   * once) where jobs do not travel through a broker, and for a multi-tenant tenant that
   * tenant-manager gave no vhost (its outbox rows are never relayed).
   */
  private async brokerFallbackSec(tenantId: string): Promise<number | undefined> {
    if (!jobsViaBroker(this.options)) return undefined;
    if (!this.options.multiTenant) return this.options.brokerFallbackSec;
    return (await this.brokers.urlFor(tenantId)) ? this.options.brokerFallbackSec : undefined;
  }

  /**
   * REPORT_TTL: deletes the tenant's expired reports and their files, at most every
   * REPORT_EXPIRY_SWEEP_SEC, in batches so one sweep never holds a long transaction. Until
   * then an expired report already answers 404 (ReportsService).
   */
  private async sweepExpired(tenantId: string): Promise<void> {
    if (!this.options.reportTtlSec) return;
    const now = Date.now();
    if (now - (this.swept.get(tenantId) ?? 0) < this.options.expirySweepSec * 1000) return;
    this.swept.set(tenantId, now);
    try {
      let deleted = 0;
      for (let batch = EXPIRY_BATCH; batch === EXPIRY_BATCH && !this.stopped; deleted += batch)
        batch = await this.runner.run(tenantId, () =>
          this.reports.deleteExpired(EXPIRY_BATCH, (keys) => this.files.deleteObjects(keys)),
        );
      if (deleted) this.logger.log(`tenant ${tenantId}: ${deleted} expired report(s) deleted`);
    } catch (error) {
      if (!this.outages.recordFault(error))
        this.logger.warn(
          `tenant ${tenantId}: expired reports not deleted: ${(error as Error).message}`,
        );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
