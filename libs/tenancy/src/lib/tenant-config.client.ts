import type { ServiceName, TenantConnections } from '@finplat/contracts';
import { TTLCache } from './ttl-cache';
import { tenantNotFound, tenantSuspended, tenantUnavailable } from './tenancy.errors';
import { TenantConnectionsSource } from './tenant-connections.source';

export interface TenantConfigClientOptions {
  service: ServiceName;
  managerUrl: string;
  apiKey: string;
  cacheTtlSec: number;
  requestTimeoutSec: number;
  fetchImpl?: typeof fetch;
}

/**
 * Asks tenant-manager where a tenant lives for this service. Answers are cached for
 * MULTI_TENANT_CACHE_TTL_SEC (0: never), and concurrent misses for one tenant share one call.
 */
export class TenantConfigClient extends TenantConnectionsSource {
  private readonly cache: TTLCache<TenantConnections>;
  private readonly inFlight = new Map<string, Promise<TenantConnections>>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TenantConfigClientOptions) {
    super();
    this.cache = new TTLCache(options.cacheTtlSec * 1000);
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async get(tenantId: string): Promise<TenantConnections> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const pending = this.inFlight.get(tenantId);
    if (pending) return pending;
    const call = this.fetchConnections(tenantId).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, call);
    return call;
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  async ping(): Promise<void> {
    const response = await this.fetchImpl(`${this.options.managerUrl}/health`, {
      signal: AbortSignal.timeout(this.options.requestTimeoutSec * 1000),
    });
    if (!response.ok) throw new Error(`tenant-manager answered ${response.status}`);
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
      throw tenantUnavailable(`tenant-manager did not answer (${(error as Error).message})`);
    }
    if (response.status === 404) throw tenantNotFound(tenantId);
    if (response.status === 403) throw tenantSuspended(tenantId);
    if (!response.ok) throw tenantUnavailable(`tenant-manager answered ${response.status}`);
    const connections = (await response.json()) as TenantConnections;
    if (connections.status !== 'active') throw tenantSuspended(tenantId);
    this.cache.set(tenantId, connections);
    return connections;
  }
}
