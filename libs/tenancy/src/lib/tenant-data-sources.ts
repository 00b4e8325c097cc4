import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { TenantConnections } from '@finplat/contracts';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface TenantDataSourcesOptions {
  /** Entities mapped on every pool of this app. */
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  /** MULTI_TENANT_MAX_TENANT_POOLS. */
  maxPools: number;
  /** MULTI_TENANT_IDLE_TIMEOUT_SEC. */
  idleTimeoutSec: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
}

export const DEFAULT_TENANT_POOL_SIZE = 10;
export const MAX_TENANT_POOL_SIZE = 50;

const poolKeys = new WeakMap<TenantConnections, string>();

interface PoolEntry {
  readonly key: string;
  readonly dataSource: DataSource;
  readonly ready: Promise<DataSource>;
  inFlight: number;
  lastUsedAt: number;
  retired: boolean;
}

export interface PoolStats {
  open: number;
  evictions: number;
  overflows: number;
  /** Pools retired for any reason: eviction, idle timeout, tenant suspended/deleted/moved. */
  retired: number;
}

/**
 * The connection pools of one app. A DATABASE-mode tenant gets a pool of its own; SCHEMA-mode
 * tenants on one physical database share that database's pool (the density SCHEMA promises).
 * Pools are bounded (least recently used closed first, never while a query runs) and closed
 * when idle.
 */
export class TenantDataSources {
  private readonly logger = new Logger(TenantDataSources.name);
  private readonly pools = new Map<string, PoolEntry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly stats = { evictions: 0, overflows: 0, retired: 0 };

  constructor(private readonly options: TenantDataSourcesOptions) {
    const sweepEveryMs = Math.min(30_000, Math.max(1_000, (options.idleTimeoutSec * 1000) / 2));
    this.sweeper = setInterval(() => void this.closeIdle(), sweepEveryMs);
    this.sweeper.unref();
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
    const entry = this.acquire(connections);
    entry.inFlight += 1;
    try {
      return await work(await entry.ready);
    } finally {
      entry.inFlight -= 1;
      entry.lastUsedAt = Date.now();
      if (entry.retired && entry.inFlight === 0) await this.destroy(entry);
    }
  }

  statistics(): PoolStats {
    return { open: this.pools.size, ...this.stats };
  }

  /** Closes every pool (shutdown). */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(entries.map((entry) => this.destroy(entry)));
  }

  /** Retires the pools a tenant's settings point at (suspension, deletion, new credentials). */
  async retire(connections: TenantConnections): Promise<void> {
    const entry = this.pools.get(TenantDataSources.poolKey(connections));
    if (entry) await this.retireEntry(entry);
  }

  private acquire(connections: TenantConnections): PoolEntry {
    const key = TenantDataSources.poolKey(connections);
    const existing = this.pools.get(key);
    if (existing) {
      // Re-insert to keep the map ordered from least to most recently used.
      this.pools.delete(key);
      this.pools.set(key, existing);
      existing.lastUsedAt = Date.now();
      return existing;
    }
    this.makeRoom();
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
      if (this.pools.get(key) === entry) this.pools.delete(key);
    });
    return entry;
  }

  private makeRoom(): void {
    if (this.pools.size < this.options.maxPools) return;
    for (const entry of this.pools.values()) {
      if (entry.inFlight === 0) {
        this.stats.evictions += 1;
        void this.retireEntry(entry);
        return;
      }
    }
    this.stats.overflows += 1;
    this.logger.warn(
      `all ${this.pools.size} tenant pools are busy; opening one beyond MULTI_TENANT_MAX_TENANT_POOLS`,
    );
  }

  private async closeIdle(): Promise<void> {
    const cutoff = Date.now() - this.options.idleTimeoutSec * 1000;
    const idle = [...this.pools.values()].filter((e) => e.inFlight === 0 && e.lastUsedAt < cutoff);
    await Promise.all(idle.map((entry) => this.retireEntry(entry)));
  }

  private async retireEntry(entry: PoolEntry): Promise<void> {
    if (this.pools.get(entry.key) === entry) this.pools.delete(entry.key);
    if (!entry.retired) this.stats.retired += 1;
    entry.retired = true;
    if (entry.inFlight === 0) await this.destroy(entry);
  }

  private async destroy(entry: PoolEntry): Promise<void> {
    try {
      await entry.ready;
    } catch {
      return;
    }
    if (entry.dataSource.isInitialized) {
      await entry.dataSource.destroy().catch((error: Error) => {
        this.logger.warn(`closing pool ${entry.key.split('#')[0]} failed: ${error.message}`);
      });
    }
  }
}
