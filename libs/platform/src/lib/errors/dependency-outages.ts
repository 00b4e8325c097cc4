import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  DEPENDENCY_LABELS,
  dependencyFaultOf,
  type Dependency,
  type DependencyFault,
} from './dependency-fault';

interface Outage {
  readonly since: number;
  lastAt: number;
  affected: number;
  readonly reason: string;
}

export interface OutageSummary {
  dependency: Dependency;
  since: Date;
  /** Requests and jobs refused so far. */
  affected: number;
  reason: string;
}

/** An outage is over once this long has passed without a failure. */
export const OUTAGE_QUIET_MS = 5_000;

/**
 * Tracks dependency outages so that a dead database costs two log lines, not one error with a
 * stack trace per request: a warning when the first request fails, and one when no request
 * has failed for OUTAGE_QUIET_MS, with the number of requests (and jobs) refused meanwhile.
 */
export class DependencyOutages implements OnModuleDestroy {
  private readonly logger = new Logger('DependencyOutages');
  private readonly open = new Map<Dependency, Outage>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly quietMs = OUTAGE_QUIET_MS) {}

  /** Counts one request or job refused because of `fault`; logs only when an outage starts. */
  record(fault: DependencyFault): void {
    const now = Date.now();
    const outage = this.open.get(fault.dependency);
    if (outage) {
      outage.affected += 1;
      outage.lastAt = now;
      return;
    }
    this.open.set(fault.dependency, { since: now, lastAt: now, affected: 1, reason: fault.reason });
    this.logger.warn(
      { dependency: fault.dependency, reason: fault.reason },
      `${DEPENDENCY_LABELS[fault.dependency]} unavailable (${fault.reason}): refusing work with 503 and Retry-After until it answers`,
    );
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), Math.min(1_000, this.quietMs));
      this.sweeper.unref();
    }
  }

  /**
   * For workers (relays, consumers, job pollers): counts `error` when it is a dependency fault
   * and says so, so the caller logs only what is not (`where` as in dependencyFaultOf).
   *   `if (!outages.recordFault(error, 'rabbitmq')) logger.warn(...)`
   */
  recordFault(error: unknown, where?: Dependency): boolean {
    const fault = dependencyFaultOf(error, where);
    if (fault) this.record(fault);
    return fault !== undefined;
  }

  /** Outages in progress (not yet quiet). */
  current(): OutageSummary[] {
    return [...this.open.entries()].map(([dependency, outage]) => ({
      dependency,
      since: new Date(outage.since),
      affected: outage.affected,
      reason: outage.reason,
    }));
  }

  /** Closes outages that have been quiet long enough (or all of them, at shutdown). */
  sweep(all = false): void {
    const now = Date.now();
    for (const [dependency, outage] of this.open) {
      if (!all && now - outage.lastAt < this.quietMs) continue;
      this.open.delete(dependency);
      const seconds = ((outage.lastAt - outage.since) / 1000).toFixed(1);
      this.logger.warn(
        { dependency, affected: outage.affected, durationMs: outage.lastAt - outage.since },
        `${DEPENDENCY_LABELS[dependency]} outage over: ${outage.affected} requests or jobs refused with 503 in ${seconds} s`,
      );
    }
    if (this.open.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  onModuleDestroy(): void {
    this.sweep(true);
  }
}
