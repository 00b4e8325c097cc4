import { Logger } from '@nestjs/common';
import { TenantContext, type TenantDb, type TenantRunner } from '@finplat/tenancy';
import { isTenantGone, type TenantBrokers } from '../tenant-brokers';
import type { TenantPublishers } from '../tenant-publishers';
import { relayOutboxBatch, type OutboxBatchResult } from './outbox-batch';

export interface OutboxRelayOptions {
  /** The exchange every tenant's events are published to (routing key: the event type). */
  exchange: string;
  /** How often a tracked tenant with events left (or a failed round) is polled. */
  pollMs: number;
  /**
   * How often a tracked tenant whose outbox was empty is polled anyway (rows left by another
   * instance, or a nudge this instance missed). Each poll asks for the tenant's settings and
   * opens a tenant transaction, so idle tenants are not polled at `pollMs`.
   */
  idlePollMs: number;
  /** Rows per round and tenant. */
  batchSize: number;
  /** After a broker failure, how long a tenant waits before the next try. */
  failureBackoffMs: number;
  /** A tenant not seen for this long, with nothing left to send, stops being polled. */
  idleMs: number;
  /** Tenants that are always polled (single-tenant: `default`). */
  pinned: string[];
  /**
   * Most tenants followed at once (each holds a publisher connection, and a consumer
   * connection per consumer on the app's side). Following one more lets go of the least
   * recently seen tenant with nothing left to send. Undefined: no ceiling.
   */
  maxTenants?: number;
  /**
   * How long a nudge waits before its round starts, so that the writes committed meanwhile
   * go out in the same round (under load a batch commits every few milliseconds). 0: at once.
   */
  nudgeDelayMs?: number;
  /** Told the outcome of every round that claimed something (metrics). */
  onRound?: (result: OutboxBatchResult) => void;
}

interface TrackedTenant {
  lastSeen: number;
  lastPolled: number;
  backoffUntil: number;
  pending: boolean;
  url?: string;
}

/**
 * Moves committed events from each tenant's outbox table to that tenant's vhost. Tenants are
 * tracked from the writes this instance commits (OutboxSignal) plus the pinned ones; each
 * is polled every `pollMs` and nudged right after a write commits. Rounds for one tenant
 * never overlap in this instance; across instances, SKIP LOCKED and leases keep them apart.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly tracked = new Map<string, TrackedTenant>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private readonly nudged = new Set<string>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly runner: TenantRunner,
    private readonly db: TenantDb,
    private readonly brokers: TenantBrokers,
    private readonly publishers: TenantPublishers,
    private readonly options: OutboxRelayOptions,
    /**
     * This instance stops following the tenant (gone, idle for `idleMs`, or let go under
     * `maxTenants`): its publisher connection is closed, and the consumer side stops too.
     */
    private readonly onUnfollow: (tenantId: string) => void = () => undefined,
  ) {}

  start(): void {
    for (const tenantId of this.options.pinned) this.track(tenantId);
    this.timer = setInterval(() => this.tick(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.running.values()].map((p) => p.catch(() => undefined)));
    await this.publishers.closeAll();
  }

  tenants(): string[] {
    return [...this.tracked.keys()];
  }

  /** A tenant this instance serves (a write just committed): poll it, and relay now. */
  nudge(tenantId: string): void {
    this.track(tenantId);
    const delay = this.options.nudgeDelayMs ?? 0;
    if (delay <= 0) {
      void this.relay(tenantId);
      return;
    }
    if (this.nudged.has(tenantId)) return;
    this.nudged.add(tenantId);
    setTimeout(() => {
      this.nudged.delete(tenantId);
      void this.relay(tenantId);
    }, delay).unref();
  }

  track(tenantId: string): void {
    const entry = this.tracked.get(tenantId);
    if (entry) {
      entry.lastSeen = Date.now();
      // Re-inserted: the map runs from least to most recently seen (the let-go order).
      this.tracked.delete(tenantId);
      this.tracked.set(tenantId, entry);
      return;
    }
    this.makeRoom();
    this.tracked.set(tenantId, {
      lastSeen: Date.now(),
      lastPolled: 0,
      backoffUntil: 0,
      pending: true,
    });
  }

  /** Stops relaying for a tenant (suspended, deleted) and closes its broker connection. */
  async forget(tenantId: string): Promise<void> {
    const entry = this.tracked.get(tenantId);
    this.tracked.delete(tenantId);
    if (entry?.url) await this.publishers.close(entry.url);
  }

  /**
   * Under `maxTenants`, lets go of the least recently seen tenant that has nothing left to
   * send and no round running (its rows, if any come, bring it back with the next nudge).
   * A tenant with work is never let go, so the ceiling can be passed while all have some.
   */
  private makeRoom(): void {
    const max = this.options.maxTenants;
    if (max === undefined || this.tracked.size < max) return;
    for (const [tenantId, entry] of this.tracked) {
      if (entry.pending || this.running.has(tenantId)) continue;
      if (this.options.pinned.includes(tenantId)) continue;
      this.unfollow(tenantId);
      return;
    }
  }

  /** Not followed any more (idle, or let go): its connection closes, its consumers stop. */
  private unfollow(tenantId: string): void {
    void this.forget(tenantId).catch(() => undefined);
    this.onUnfollow(tenantId);
  }

  /** Starts a round for the tenant, or asks the running one to go again. */
  relay(tenantId: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(tenantId);
    if (current) {
      this.rerun.add(tenantId);
      return current;
    }
    const round = this.drain(tenantId).finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, round);
    return round;
  }

  private tick(): void {
    const now = Date.now();
    for (const [tenantId, entry] of this.tracked) {
      const pinned = this.options.pinned.includes(tenantId);
      if (!pinned && !entry.pending && now - entry.lastSeen > this.options.idleMs) {
        // Its broker connections go too: held for every tenant ever seen, they would grow
        // with the fleet, not with the tenants active now.
        if (!this.running.has(tenantId)) this.unfollow(tenantId);
        continue;
      }
      const due = entry.pending || now - entry.lastPolled >= this.options.idlePollMs;
      if (due && entry.backoffUntil <= now) void this.relay(tenantId);
    }
  }

  private async drain(tenantId: string): Promise<void> {
    for (;;) {
      this.rerun.delete(tenantId);
      const full = await this.round(tenantId);
      if (this.stopped || (!full && !this.rerun.has(tenantId))) return;
    }
  }

  /** One batch; true when the batch was full (more rows are likely waiting). */
  private async round(tenantId: string): Promise<boolean> {
    const entry = this.tracked.get(tenantId);
    if (!entry || entry.backoffUntil > Date.now()) return false;
    entry.lastPolled = Date.now();
    try {
      return await this.runner.run(tenantId, async () => {
        const url = await this.brokers.urlFor(TenantContext.current().tenantId);
        if (!url) {
          // No broker for this tenant: its events wait in the outbox. Polled at the idle
          // interval (a vhost may be provisioned later) and let go when idle, not every tick.
          entry.pending = false;
          return false;
        }
        // New credentials (rotation): the connection opened with the old ones is not needed.
        if (entry.url && entry.url !== url) await this.publishers.close(entry.url);
        entry.url = url;
        const channel = await this.publishers.channel(url);
        const result = await this.db.statements((m) =>
          relayOutboxBatch(m, channel, {
            exchange: this.options.exchange,
            tenantId,
            limit: this.options.batchSize,
          }),
        );
        if (result.claimed > 0) this.options.onRound?.(result);
        entry.pending = result.claimed > 0;
        if (result.failed.length > 0) {
          entry.backoffUntil = Date.now() + this.options.failureBackoffMs;
          await this.publishers.close(url);
          return false;
        }
        return result.claimed === this.options.batchSize;
      });
    } catch (error) {
      if (isTenantGone(error)) {
        this.logger.warn(`tenant ${tenantId} is suspended or gone: outbox relay stops for it`);
        await this.forget(tenantId);
        this.onUnfollow(tenantId);
        return false;
      }
      entry.pending = true;
      entry.backoffUntil = Date.now() + this.options.failureBackoffMs;
      this.logger.warn(`outbox relay for tenant ${tenantId}: ${(error as Error).message}`);
      return false;
    }
  }
}
