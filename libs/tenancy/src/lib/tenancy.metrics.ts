import type { MetricsRegistry } from '@finplat/platform';
import { Counter, Gauge } from 'prom-client';
import type { BreakerState } from './tenant-breaker';
import type { ConfigLayer, TenantConfigMetrics } from './tenant-config.client';
import type { TenantDataSources } from './tenant-data-sources';

const BREAKER_STATES: BreakerState[] = ['closed', 'half-open', 'open'];

/**
 * Tenancy's Prometheus series, registered in the app's registry.
 *
 * `tenant_requests_total` is labelled by tenant id: one series per tenant that sent a request
 * since the process started. That is bounded by the number of tenants, which is acceptable at
 * today's scale; beyond a few thousand tenants per instance drop the label (or aggregate in the
 * scraper) — see docs/operations/multi-tenancy.md.
 */
export class TenancyMetrics implements TenantConfigMetrics {
  private readonly cacheHits: Counter<'layer'>;
  private readonly cacheMisses: Counter<'layer'>;
  private readonly stale: Counter;
  private readonly requests: Counter<'tenant'>;
  private readonly events: Counter<'type'>;
  private circuitState: () => BreakerState | undefined = () => undefined;

  constructor(metrics: MetricsRegistry, pools: TenantDataSources) {
    const registers = [metrics.registry];
    const circuit = () => this.circuitState();
    new Gauge({
      name: 'tenant_pools_open',
      help: 'Tenant connection pools currently open in this instance',
      registers,
      collect() {
        this.set(pools.statistics().open);
      },
    });
    new Gauge({
      name: 'tenant_pool_evictions_total',
      help: 'Pools closed to make room under MULTI_TENANT_MAX_TENANT_POOLS (least recently used)',
      registers,
      collect() {
        this.set(pools.statistics().evictions);
      },
    });
    new Gauge({
      name: 'tenant_pool_waits_total',
      help: 'Requests that waited for a pool because all MULTI_TENANT_MAX_TENANT_POOLS were busy',
      registers,
      collect() {
        this.set(pools.statistics().waits);
      },
    });
    new Gauge({
      name: 'tenant_pool_wait_timeouts_total',
      help: 'Requests refused with 503 because no pool freed up in time or the queue was full',
      registers,
      collect() {
        this.set(pools.statistics().waitTimeouts);
      },
    });
    new Gauge({
      name: 'tenant_pool_waiting',
      help: 'Requests waiting for a tenant pool right now',
      registers,
      collect() {
        this.set(pools.statistics().waiting);
      },
    });
    new Gauge({
      name: 'tenant_pools_retired_total',
      help: 'Pools retired after a tenant was suspended, deleted, moved or went idle',
      registers,
      collect() {
        this.set(pools.statistics().retired);
      },
    });
    new Gauge<'state'>({
      name: 'tenant_manager_circuit_state',
      help: 'Circuit breaker in front of tenant-manager: 1 for the current state',
      labelNames: ['state'],
      registers,
      collect() {
        const current = circuit();
        for (const state of BREAKER_STATES) this.set({ state }, current === state ? 1 : 0);
      },
    });
    this.cacheHits = new Counter({
      name: 'tenant_config_cache_hits_total',
      help: 'Tenant settings answered from a cache layer (memory or redis)',
      labelNames: ['layer'],
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'tenant_config_cache_misses_total',
      help: 'Tenant settings not found in a cache layer (memory or redis)',
      labelNames: ['layer'],
      registers,
    });
    this.stale = new Counter({
      name: 'tenant_config_stale_served_total',
      help: 'Requests served from last-known settings while tenant-manager was unavailable',
      registers,
    });
    this.requests = new Counter({
      name: 'tenant_requests_total',
      help: 'Requests resolved to a tenant (label: tenant id)',
      labelNames: ['tenant'],
      registers,
    });
    this.events = new Counter({
      name: 'tenant_lifecycle_events_total',
      help: 'Lifecycle events received from tenant-manager (Redis pub/sub)',
      labelNames: ['type'],
      registers,
    });
    for (const layer of ['memory', 'redis'] as ConfigLayer[]) {
      this.cacheHits.inc({ layer }, 0);
      this.cacheMisses.inc({ layer }, 0);
    }
  }

  /** Where the circuit state gauge reads from (multi-tenant mode only). */
  watchCircuit(state: () => BreakerState): void {
    this.circuitState = state;
  }

  hit(layer: ConfigLayer): void {
    this.cacheHits.inc({ layer });
  }

  miss(layer: ConfigLayer): void {
    this.cacheMisses.inc({ layer });
  }

  staleServed(): void {
    this.stale.inc();
  }

  request(tenantId: string): void {
    this.requests.inc({ tenant: tenantId });
  }

  event(type: string): void {
    this.events.inc({ type });
  }
}
