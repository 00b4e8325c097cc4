import type { ServiceName, TenantConnections } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { LRUCache } from 'lru-cache';
import { BreakerOpenError, TenantBreaker, type BreakerState } from './tenant-breaker';
import type { RedisConfigCache } from './tenant-config.redis';
import { TTLCache } from './ttl-cache';
import {
  tenantManagerUnavailable,
  tenantNotFound,
  tenantSuspended,
  tenantUnavailable,
} from './tenancy.errors';
import { TenantConnectionsSource } from './tenant-connections.source';

const MAX_KNOWN_TENANTS = 10_000;

export type ConfigLayer = 'memory' | 'redis';

/** What the client reports to metrics (kept as an interface so the client needs no registry). */
export interface TenantConfigMetrics {
  hit(layer: ConfigLayer): void;
  miss(layer: ConfigLayer): void;
  staleServed(): void;
}

export interface TenantConfigClientOptions {
  service: ServiceName;
  managerUrl: string;
  apiKey: string;
  cacheTtlSec: number;
  requestTimeoutSec: number;
  /** MULTI_TENANT_CIRCUIT_BREAKER_THRESHOLD (default 5). */
  breakerThreshold?: number;
  /** MULTI_TENANT_CIRCUIT_BREAKER_TIMEOUT_SEC (default 30). */
  breakerTimeoutSec?: number;
  /** The shared layer (MULTI_TENANT_REDIS_HOST); absent: in-process only. */
  redis?: RedisConfigCache;
  metrics?: TenantConfigMetrics;
  fetchImpl?: typeof fetch;
}

/**
 * Tenant-manager's 503 answers about one tenant, not outages: its data is being moved or
 * restored (TM-0015), or it is still being provisioned (TM-0018). Retry shortly.
 */
const TENANT_HOLD_CODES: Record<string, string> = {
  'TM-0015': 'is being moved',
  'TM-0018': 'is still being provisioned',
};

/**
 * Answers about the tenant, not outages of tenant-manager: 404, 403 and "hold on" (503
 * TM-0015, TM-0018). They never count towards the circuit and are never papered over with stale settings.
 */
const isAnswer = (error: unknown): boolean => {
  if (!(error instanceof DomainError)) return false;
  const code = error.definition.code;
  return (
    code === PlatformErrors.TENANT_NOT_FOUND.code ||
    code === PlatformErrors.TENANT_SUSPENDED.code ||
    error.details['tenantMoving'] === true
  );
};

/**
 * Asks tenant-manager where a tenant lives for this service. In front of the HTTP call, in
 * order: an in-process TTL cache, the Redis layer shared by every instance (both for
 * MULTI_TENANT_CACHE_TTL_SEC; 0 turns both off), coalescing of concurrent misses, and a
 * circuit breaker. While tenant-manager cannot answer (circuit open, timeout, 5xx), a tenant
 * whose settings this instance already holds keeps being served from them even past the TTL
 * (stale-while-unavailable); an unknown tenant gets 503 with Retry-After at once.
 */
export class TenantConfigClient extends TenantConnectionsSource {
  private readonly cache: TTLCache<TenantConnections>;
  /** Last settings tenant-manager gave for each tenant: what is served while it is down. */
  private readonly known?: LRUCache<string, TenantConnections>;
  private readonly inFlight = new Map<string, Promise<TenantConnections>>();
  /** Bumped by `invalidate`, so an answer fetched before an event never lands after it. */
  private readonly generation = new Map<string, number>();
  private readonly lastUsed = new Map<string, number>();
  private readonly fetchImpl: typeof fetch;
  readonly breaker: TenantBreaker;

  constructor(private readonly options: TenantConfigClientOptions) {
    super();
    this.cache = new TTLCache(options.cacheTtlSec * 1000);
    if (options.cacheTtlSec > 0) this.known = new LRUCache({ max: MAX_KNOWN_TENANTS });
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.breaker = new TenantBreaker({
      threshold: options.breakerThreshold ?? 5,
      openSec: options.breakerTimeoutSec ?? 30,
      isAnswer,
    });
  }

  async get(tenantId: string): Promise<TenantConnections> {
    this.lastUsed.set(tenantId, Date.now());
    const cached = this.cache.get(tenantId);
    if (cached) {
      this.options.metrics?.hit('memory');
      return cached;
    }
    this.options.metrics?.miss('memory');
    const pending = this.inFlight.get(tenantId);
    if (pending) return pending;
    const call = this.resolve(tenantId).finally(() => {
      if (this.inFlight.get(tenantId) === call) this.inFlight.delete(tenantId);
    });
    this.inFlight.set(tenantId, call);
    return call;
  }

  /** Forgets a tenant everywhere: memory, last-known settings, Redis, calls in flight. */
  invalidate(tenantId: string): Promise<void> {
    this.generation.set(tenantId, (this.generation.get(tenantId) ?? 0) + 1);
    this.cache.delete(tenantId);
    this.known?.delete(tenantId);
    this.inFlight.delete(tenantId);
    return this.options.redis?.delete(tenantId) ?? Promise.resolve();
  }

  /** The settings this instance last used for a tenant (for comparing after a change). */
  lastKnown(tenantId: string): TenantConnections | undefined {
    return this.known?.get(tenantId) ?? this.cache.get(tenantId);
  }

  /** Tenants asked for since `sinceMs` (their pools may be open); older entries are dropped. */
  recentTenants(sinceMs: number): string[] {
    for (const [id, at] of this.lastUsed) if (at < sinceMs) this.lastUsed.delete(id);
    return [...this.lastUsed.keys()];
  }

  /** Asks tenant-manager directly (through the breaker), bypassing and not filling caches. */
  fetchFresh(tenantId: string): Promise<TenantConnections> {
    return this.fetchThroughBreaker(tenantId);
  }

  get circuitState(): BreakerState {
    return this.breaker.state;
  }

  /** Tenants whose settings could be served from memory right now. */
  get cachedTenants(): number {
    return this.known?.size ?? 0;
  }

  async ping(): Promise<void | { degraded: string }> {
    try {
      const response = await this.fetchImpl(`${this.options.managerUrl}/health`, {
        signal: AbortSignal.timeout(Math.min(this.options.requestTimeoutSec * 1000, 1_500)),
      });
      if (!response.ok) throw new Error(`tenant-manager answered ${response.status}`);
    } catch (error) {
      const reason = `${(error as Error).message}; circuit ${this.breaker.state}`;
      // Still serving the tenants it knows: report, but do not take the instance out of rotation.
      if (this.cachedTenants > 0)
        return { degraded: `${reason}, serving ${this.cachedTenants} cached tenants` };
      throw new Error(reason, { cause: error });
    }
  }

  close(): void {
    this.breaker.shutdown();
  }

  private async resolve(tenantId: string): Promise<TenantConnections> {
    const generation = this.generation.get(tenantId) ?? 0;
    const current = () => (this.generation.get(tenantId) ?? 0) === generation;
    const { redis } = this.options;
    if (redis && this.options.cacheTtlSec > 0) {
      const shared = await redis.get(tenantId);
      if (shared) {
        this.options.metrics?.hit('redis');
        if (current()) this.remember(tenantId, shared);
        return shared;
      }
      this.options.metrics?.miss('redis');
    }
    let connections: TenantConnections;
    try {
      connections = await this.fetchThroughBreaker(tenantId);
    } catch (error) {
      if (isAnswer(error)) {
        this.known?.delete(tenantId);
        throw error;
      }
      const stale = this.known?.get(tenantId);
      if (stale) {
        this.options.metrics?.staleServed();
        return stale;
      }
      throw error;
    }
    if (current()) {
      this.remember(tenantId, connections);
      await redis?.set(tenantId, connections);
    }
    return connections;
  }

  private remember(tenantId: string, connections: TenantConnections): void {
    this.cache.set(tenantId, connections);
    this.known?.set(tenantId, connections);
  }

  private async fetchThroughBreaker(tenantId: string): Promise<TenantConnections> {
    try {
      return await this.breaker.fire(() => this.fetchConnections(tenantId));
    } catch (error) {
      if (error instanceof BreakerOpenError)
        throw tenantManagerUnavailable(
          'tenant-manager is unreachable (circuit open)',
          error.retryAfterSec,
        );
      throw error;
    }
  }

  private async fetchConnections(tenantId: string): Promise<TenantConnections> {
    const url = `${this.options.managerUrl}/v1/tenants/${encodeURIComponent(tenantId)}/associations/${this.options.service}/connections`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        headers: { 'X-API-Key': this.options.apiKey, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.requestTimeoutSec * 1000),
      });
    } catch (error) {
      throw tenantManagerUnavailable(`tenant-manager did not answer (${(error as Error).message})`);
    }
    if (response.status === 404) throw tenantNotFound(tenantId);
    if (response.status === 403) throw tenantSuspended(tenantId);
    if (response.status === 503) {
      const body = (await response.json().catch(() => undefined)) as { code?: string } | undefined;
      const hold = body?.code ? TENANT_HOLD_CODES[body.code] : undefined;
      if (hold) {
        const retryAfter = Number(response.headers.get('retry-after')) || 2;
        const error = tenantUnavailable(`tenant ${tenantId} ${hold}`, retryAfter);
        error.details['tenantMoving'] = true;
        throw error;
      }
    }
    if (!response.ok) throw tenantManagerUnavailable(`tenant-manager answered ${response.status}`);
    const connections = (await response.json()) as TenantConnections;
    if (connections.status !== 'active') throw tenantSuspended(tenantId);
    return connections;
  }
}
