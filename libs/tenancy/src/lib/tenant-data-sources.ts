import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { TenantConnections } from '@finplat/contracts';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { poolsExhausted } from './tenancy.errors';

export interface TenantDataSourcesOptions {
  /** Entities mapped on every pool of this app. */
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  /** MULTI_TENANT_MAX_TENANT_POOLS: a ceiling, never exceeded. */
  maxPools: number;
  /** MULTI_TENANT_IDLE_TIMEOUT_SEC. */
  idleTimeoutSec: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  /** MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC: longest wait for a pool when all are busy. */
  poolWaitTimeoutSec?: number;
  /** MULTI_TENANT_POOL_QUEUE_SIZE: most requests waiting for a pool at once. */
  poolQueueSize?: number;
}

export const DEFAULT_TENANT_POOL_SIZE = 10;
export const MAX_TENANT_POOL_SIZE = 50;
export const DEFAULT_POOL_WAIT_TIMEOUT_SEC = 5;
export const DEFAULT_POOL_QUEUE_SIZE = 1_000;

const poolKeys = new WeakMap<TenantConnections, string>();

interface PoolEntry {
  readonly key: string;
  readonly dataSource: DataSource;
  readonly ready: Promise<DataSource>;
  inFlight: number;
  lastUsedAt: number;
  /** Out of the map; closed once its last unit of work ends. Still counted until closed. */
  retired: boolean;
}

/** A request for a tenant without a pool while every pool is busy. */
interface Waiter {
  readonly connections: TenantConnections;
  readonly resolve: (entry: PoolEntry) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface PoolStats {
  open: number;
  evictions: number;
  /** Requests that waited for a pool because every pool was busy. */
  waits: number;
  /** Requests refused (503) after waiting MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC or finding the queue full. */
  waitTimeouts: number;
  /** Requests waiting for a pool right now. */
  waiting: number;
  /** Pools retired for any reason: eviction, idle timeout, tenant suspended/deleted/moved. */
  retired: number;
}

/**
 * The connection pools of one app. A DATABASE-mode tenant gets a pool of its own; SCHEMA-mode
 * tenants on one physical database share that database's pool (the density SCHEMA promises).
 *
 * MULTI_TENANT_MAX_TENANT_POOLS is a ceiling on pools open or still closing, so connections to
 * tenant databases never exceed pools x pool size. Beyond it the least recently used idle pool
 * is closed first (never one with work in flight), and a new pool opens only once it is gone.
 * When every pool is busy, requests for a tenant without a pool wait in a bounded queue that
 * serves tenants in turn (all of one tenant's waiting requests share the pool it gets), and
 * are refused with 503 + Retry-After past MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC.
 */
export class TenantDataSources {
  private readonly logger = new Logger(TenantDataSources.name);
  private readonly pools = new Map<string, PoolEntry>();
  /** Waiting requests by pool key, in the order the keys started waiting (the turn order). */
  private readonly waiting = new Map<string, Waiter[]>();
  private queued = 0;
  /** Pools out of the map whose connections are not closed yet. */
  private closing = 0;
  private readonly sweeper: NodeJS.Timeout;
  private readonly stats = { evictions: 0, waits: 0, waitTimeouts: 0, retired: 0 };
  private lastSaturationLogAt = 0;
  private readonly waitTimeoutMs: number;
  private readonly queueSize: number;

  constructor(private readonly options: TenantDataSourcesOptions) {
    const sweepEveryMs = Math.min(30_000, Math.max(1_000, (options.idleTimeoutSec * 1000) / 2));
    this.sweeper = setInterval(() => void this.closeIdle(), sweepEveryMs);
    this.sweeper.unref();
    this.waitTimeoutMs = (options.poolWaitTimeoutSec ?? DEFAULT_POOL_WAIT_TIMEOUT_SEC) * 1000;
    this.queueSize = options.poolQueueSize ?? DEFAULT_POOL_QUEUE_SIZE;
  }

  /**
   * The key that decides which tenants share a pool. Every unit of work asks for it, so it is
   * computed once per settings object (settings are replaced, never changed in place).
   */
  static poolKey(connections: TenantConnections): string {
    let key = poolKeys.get(connections);
    if (key === undefined) {
      const pg = connections.postgresql;
      const login = connections.isolationMode === 'SCHEMA' && pg.gateway ? pg.gateway : pg;
      const secret = createHash('sha256').update(login.password).digest('hex').slice(0, 12);
      key = `${pg.host}:${pg.port}/${pg.database}#${login.username}@${secret}`;
      poolKeys.set(connections, key);
    }
    return key;
  }

  /** Runs `work` with the tenant's pool, keeping the pool open until it finishes. */
  async use<T>(
    connections: TenantConnections,
    work: (dataSource: DataSource) => Promise<T>,
  ): Promise<T> {
    const entry = this.acquire(connections) ?? (await this.wait(connections));
    try {
      return await work(await entry.ready);
    } finally {
      entry.inFlight -= 1;
      entry.lastUsedAt = Date.now();
      if (entry.inFlight === 0) {
        if (entry.retired) await this.destroy(entry);
        else if (this.waiting.size > 0) this.serveWaiting();
      }
    }
  }

  statistics(): PoolStats {
    return { open: this.pools.size, waiting: this.queued, ...this.stats };
  }

  /** Closes every pool (shutdown); requests still waiting for one are refused. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    for (const waiters of this.waiting.values())
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(poolsExhausted('the app is shutting down'));
      }
    this.waiting.clear();
    this.queued = 0;
    const entries = [...this.pools.values()];
    await Promise.all(entries.map((entry) => this.retireEntry(entry)));
  }

  /** Retires the pools a tenant's settings point at (suspension, deletion, new credentials). */
  async retire(connections: TenantConnections): Promise<void> {
    const entry = this.pools.get(TenantDataSources.poolKey(connections));
    if (entry) await this.retireEntry(entry);
  }

  /** The tenant's pool, counted in use, when it has one or one can open now (no one waits). */
  private acquire(connections: TenantConnections): PoolEntry | undefined {
    const key = TenantDataSources.poolKey(connections);
    const existing = this.pools.get(key);
    if (existing) {
      // Re-insert to keep the map ordered from least to most recently used.
      this.pools.delete(key);
      this.pools.set(key, existing);
      existing.lastUsedAt = Date.now();
      existing.inFlight += 1;
      return existing;
    }
    if (this.waiting.size > 0 || !this.hasRoom()) return undefined;
    const entry = this.open(key, connections);
    entry.inFlight += 1;
    return entry;
  }

  /** Queues a request for a pool; it is served in its tenant's turn or refused in time. */
  private wait(connections: TenantConnections): Promise<PoolEntry> {
    if (this.queued >= this.queueSize) {
      this.refused();
      return Promise.reject(poolsExhausted('every tenant pool is busy and the queue is full'));
    }
    const key = TenantDataSources.poolKey(connections);
    this.stats.waits += 1;
    return new Promise<PoolEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waiters = this.waiting.get(key);
        const at = waiters?.indexOf(waiter) ?? -1;
        if (!waiters || at < 0) return;
        waiters.splice(at, 1);
        if (waiters.length === 0) this.waiting.delete(key);
        this.queued -= 1;
        this.refused();
        reject(poolsExhausted(`no tenant pool freed up within ${this.waitTimeoutMs / 1000} s`));
      }, this.waitTimeoutMs);
      const waiter: Waiter = { connections, resolve, reject, timer };
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push(waiter);
      else this.waiting.set(key, [waiter]);
      this.queued += 1;
      this.serveWaiting();
    });
  }

  private hasRoom(): boolean {
    return this.pools.size + this.closing < this.options.maxPools;
  }

  /**
   * Gives pools to waiting tenants in turn while there is room, then closes as many idle pools
   * (least recently used first) as waiting tenants still need and no closing pool will free.
   */
  private serveWaiting(): void {
    while (this.waiting.size > 0 && this.hasRoom()) {
      const [key, waiters] = this.waiting.entries().next().value as [string, Waiter[]];
      this.waiting.delete(key);
      this.queued -= waiters.length;
      const entry = this.pools.get(key) ?? this.open(key, waiters[0].connections);
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        entry.inFlight += 1;
        waiter.resolve(entry);
      }
    }
    let needed = this.waiting.size - this.closing;
    for (const entry of this.pools.values()) {
      if (needed <= 0) break;
      if (entry.inFlight > 0) continue;
      this.stats.evictions += 1;
      needed -= 1;
      void this.retireEntry(entry);
    }
  }

  private refused(): void {
    this.stats.waitTimeouts += 1;
    const now = Date.now();
    if (now - this.lastSaturationLogAt < 60_000) return;
    this.lastSaturationLogAt = now;
    this.logger.warn(
      `all ${this.options.maxPools} tenant pools (MULTI_TENANT_MAX_TENANT_POOLS) are busy: refusing requests for other tenants with 503 (${this.stats.waitTimeouts} so far)`,
    );
  }

  private open(key: string, connections: TenantConnections): PoolEntry {
    const entry = this.create(key, connections);
    this.pools.set(key, entry);
    return entry;
  }

  private create(key: string, connections: TenantConnections): PoolEntry {
    const pg = connections.postgresql;
    const login = connections.isolationMode === 'SCHEMA' && pg.gateway ? pg.gateway : pg;
    const size = Math.min(pg.maxConnections ?? DEFAULT_TENANT_POOL_SIZE, MAX_TENANT_POOL_SIZE);
    const dataSource = new DataSource({
      type: 'postgres',
      host: pg.host,
      port: pg.port,
      database: pg.database,
      username: login.username,
      password: login.password,
      entities: this.options.entities,
      synchronize: false,
      migrationsRun: false,
      applicationName: this.options.applicationName,
      poolSize: size,
      extra: { idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 },
    });
    const entry: PoolEntry = {
      key,
      dataSource,
      ready: dataSource.initialize(),
      inFlight: 0,
      lastUsedAt: Date.now(),
      retired: false,
    };
    // A pool that failed to connect must not be reused; the next request tries afresh.
    entry.ready.catch(() => {
      if (this.pools.get(key) !== entry) return;
      this.pools.delete(key);
      this.serveWaiting();
    });
    return entry;
  }

  private async closeIdle(): Promise<void> {
    const cutoff = Date.now() - this.options.idleTimeoutSec * 1000;
    const idle = [...this.pools.values()].filter((e) => e.inFlight === 0 && e.lastUsedAt < cutoff);
    await Promise.all(idle.map((entry) => this.retireEntry(entry)));
  }

  private async retireEntry(entry: PoolEntry): Promise<void> {
    if (entry.retired) return;
    entry.retired = true;
    this.stats.retired += 1;
    if (this.pools.get(entry.key) === entry) this.pools.delete(entry.key);
    // Its connections stay open until it is destroyed: it keeps its place under the ceiling.
    this.closing += 1;
    if (entry.inFlight === 0) await this.destroy(entry);
  }

  /** Closes a retired pool's connections, then lets a waiting tenant have its place. */
  private async destroy(entry: PoolEntry): Promise<void> {
    try {
      const ready = await entry.ready.then(
        () => true,
        () => false,
      );
      if (ready && entry.dataSource.isInitialized) {
        await entry.dataSource.destroy().catch((error: Error) => {
          this.logger.warn(`closing pool ${entry.key.split('#')[0]} failed: ${error.message}`);
        });
      }
    } finally {
      this.closing -= 1;
      this.serveWaiting();
    }
  }
}
