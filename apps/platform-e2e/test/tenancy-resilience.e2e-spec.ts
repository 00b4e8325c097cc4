import { randomUUID } from 'node:crypto';
import { TENANT_EVENTS_CHANNEL } from '@finplat/contracts';
import { adminQuery } from '@finplat/testing';
import Redis from 'ioredis';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';
import { startApp } from '../src/processes';

const REDIS_URL = 'redis://127.0.0.1:6379';
const BREAKER_OPEN_SEC = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tenancy under change and outage, end to end with built processes: lifecycle events over
 * Redis act within a second (the cache TTL is 300 s, so nothing here is the TTL expiring),
 * a forged event changes nothing, and with tenant-manager down cached tenants keep working
 * while an unknown one is refused fast, until tenant-manager is back.
 */
describe('tenancy resilience (lifecycle events, circuit breaker, /metrics)', () => {
  let platform: Platform;
  let suspended: ProvisionedTenant;
  let deleted: ProvisionedTenant;
  let cached: ProvisionedTenant;
  let uncached: ProvisionedTenant;
  let redis: Redis;
  let subscriber: Redis;
  /** Everything tenant-manager published on the lifecycle channel during the suite. */
  const published: { type: string; tenantId: string; [key: string]: unknown }[] = [];
  const removed = new Set<string>();

  beforeAll(async () => {
    platform = await startPlatform(
      {
        MULTI_TENANT_REDIS_HOST: '127.0.0.1',
        MULTI_TENANT_REDIS_PORT: '6379',
        MULTI_TENANT_CACHE_TTL_SEC: '300',
        MULTI_TENANT_CIRCUIT_BREAKER_THRESHOLD: '2',
        MULTI_TENANT_CIRCUIT_BREAKER_TIMEOUT_SEC: String(BREAKER_OPEN_SEC),
        MULTI_TENANT_TIMEOUT: '2',
      },
      { REDIS_URL },
    );
    redis = new Redis(REDIS_URL);
    subscriber = new Redis(REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) =>
      published.push(JSON.parse(message)),
    );
    await subscriber.subscribe(TENANT_EVENTS_CHANNEL);
    [suspended, deleted, cached, uncached] = await Promise.all([
      provisionTenant(platform, 'rs-sus', 'DATABASE'),
      provisionTenant(platform, 'rs-del', 'DATABASE'),
      provisionTenant(platform, 'rs-hot', 'DATABASE'),
      provisionTenant(platform, 'rs-new', 'DATABASE'),
    ]);
  });

  afterAll(async () => {
    if (!platform) return;
    for (const tenant of [suspended, deleted, cached, uncached]) {
      if (tenant && !removed.has(tenant.id))
        await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    }
    await redis?.quit();
    await subscriber?.quit();
    await platform.stop();
  });

  const ledger = (
    tenant: ProvisionedTenant,
    method = 'GET',
    path = '/v1/organizations',
    body?: unknown,
  ) =>
    fetch(`${platform.ledger.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tenant.token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  /** Polls until the ledger answers `status` for the tenant; resolves the elapsed ms. */
  async function within(tenant: ProvisionedTenant, status: number, ms: number): Promise<number> {
    const started = Date.now();
    let last = 0;
    while (Date.now() - started < ms) {
      last = (await ledger(tenant)).status;
      if (last === status) return Date.now() - started;
      await sleep(25);
    }
    throw new Error(`${tenant.id}: still ${last} after ${ms} ms (wanted ${status})`);
  }

  const metrics = async () => (await fetch(`${platform.ledger.url}/metrics`)).text();
  const metric = (text: string, series: string) => {
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith(series + ' ') || (l.startsWith(series + '{') && l.split(' ')[0] === series),
      );
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  const poolsOpen = async () =>
    metric(await metrics(), 'tenant_pools_open{service="ledger"}') ?? Number.NaN;

  it('should serve every tenant to begin with', async () => {
    for (const tenant of [suspended, deleted, cached])
      expect((await ledger(tenant)).status).toBe(200);
  });

  it('should refuse a suspended tenant with 403 within a second, and serve it again on reactivation', async () => {
    expect(
      (await managerCall(platform, 'PATCH', `/v1/tenants/${suspended.id}`, { status: 'suspended' }))
        .status,
    ).toBe(200);
    const refusedAfter = await within(suspended, 403, 1_000);
    expect((await ledger(suspended)).status).toBe(403);
    expect(
      (await managerCall(platform, 'PATCH', `/v1/tenants/${suspended.id}`, { status: 'active' }))
        .status,
    ).toBe(200);
    const servedAfter = await within(suspended, 200, 1_000);
    console.log(
      `suspension seen after ${refusedAfter} ms, reactivation after ${servedAfter} ms (TTL 300 s)`,
    );
  });

  it('should have tenant-manager publish created, renamed, suspended, activated and deleted, with no settings', async () => {
    expect(
      (await managerCall(platform, 'PATCH', `/v1/tenants/${suspended.id}`, { name: 'Renamed' }))
        .status,
    ).toBe(200);
    await sleep(200);
    const of = (id: string) => published.filter((e) => e.tenantId === id).map((e) => e.type);
    expect(of(suspended.id)).toEqual([
      'tenant.created',
      'tenant.suspended',
      'tenant.activated',
      'tenant.updated',
    ]);
    for (const tenant of [deleted, cached, uncached])
      expect(of(tenant.id)).toContain('tenant.created');
    const ours = published.filter((e) =>
      [suspended, deleted, cached, uncached].some((t) => t.id === e.tenantId),
    );
    for (const event of ours)
      expect(Object.keys(event)).toEqual(
        expect.arrayContaining(['occurredAt', 'tenantId', 'type']),
      );
    const leaked = ours.filter((e) =>
      Object.keys(e).some((k) => !['type', 'tenantId', 'service', 'occurredAt'].includes(k)),
    );
    expect(leaked).toEqual([]);
  });

  it('should never follow a forged lifecycle message to another database: it only refetches', async () => {
    const orgName = `Forged-${randomUUID().slice(0, 8)}`;
    const created = await ledger(cached, 'POST', '/v1/organizations', {
      legalName: orgName,
      legalDocument: '42',
    });
    expect(created.status).toBe(201);
    const before =
      metric(
        await metrics(),
        'tenant_lifecycle_events_total{type="tenant.placement.changed",service="ledger"}',
      ) ?? 0;
    await redis.publish(
      TENANT_EVENTS_CHANNEL,
      JSON.stringify({
        type: 'tenant.placement.changed',
        tenantId: cached.id,
        occurredAt: new Date().toISOString(),
        postgresql: {
          host: '127.0.0.1',
          port: 5432,
          database: deleted.body.services.ledger.database,
          username: 'postgres',
          password: '',
        },
        isolationMode: 'SCHEMA',
      }),
    );
    const deadline = Date.now() + 1_000;
    let seen = before;
    while (seen === before && Date.now() < deadline) {
      await sleep(25);
      seen =
        metric(
          await metrics(),
          'tenant_lifecycle_events_total{type="tenant.placement.changed",service="ledger"}',
        ) ?? 0;
    }
    expect(seen).toBe(before + 1); // the app did receive it
    const listed = await ledger(cached);
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { items: { legalName: string }[] }).items.map(
      (o) => o.legalName,
    );
    expect(names).toContain(orgName); // still the tenant's own database
  });

  it('should answer 404 for a deleted tenant within a second and close its pool', async () => {
    expect((await ledger(deleted)).status).toBe(200);
    const openBefore = await poolsOpen();
    const database = deleted.body.services.ledger.database;
    expect((await managerCall(platform, 'DELETE', `/v1/tenants/${deleted.id}`)).status).toBe(204);
    removed.add(deleted.id);
    await within(deleted, 404, 1_000);
    expect(published.filter((e) => e.tenantId === deleted.id).map((e) => e.type)).toContain(
      'tenant.deleted',
    );
    expect(await poolsOpen()).toBe(openBefore - 1);
    const rows = await adminQuery<{ n: string }>(
      "SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ledger'",
      [database],
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('should keep cached tenants working with tenant-manager down, refuse unknown ones fast, and resume alone', async () => {
    const port = Number(new URL(platform.manager.url).port);
    await platform.manager.stop();

    // Already cached: still served.
    expect((await ledger(cached)).status).toBe(200);

    // Never seen: refused with 503 + Retry-After; after THRESHOLD failures the circuit opens.
    for (let i = 0; i < 2; i++) {
      const res = await ledger(uncached);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: string }).code).toBe('0161');
    }
    const text = await metrics();
    expect(metric(text, 'tenant_manager_circuit_state{state="open",service="ledger"}')).toBe(1);
    const started = performance.now();
    const refused = await ledger(uncached);
    const elapsed = performance.now() - started;
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(BREAKER_OPEN_SEC);
    console.log(`uncached tenant refused in ${elapsed.toFixed(1)} ms with the circuit open`);
    expect(elapsed).toBeLessThan(100);
    expect((await ledger(cached)).status).toBe(200);

    // Readiness names tenant-manager but keeps the instance in rotation: the cache serves.
    const ready = await fetch(`${platform.ledger.url}/readyz`);
    expect(ready.status).toBe(200);
    const readyBody = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(readyBody.status).toBe('degraded');
    expect(readyBody.checks['tenant-manager']).toMatch(/^degraded/);

    // tenant-manager back on the same address: the trial call after the open period succeeds.
    platform.manager = await startApp('tenant-manager', platform.managerEnv, port);
    const resumedAfter = await within(uncached, 200, (BREAKER_OPEN_SEC + 5) * 1000);
    expect(
      metric(await metrics(), 'tenant_manager_circuit_state{state="closed",service="ledger"}'),
    ).toBe(1);
    console.log(`uncached tenant served again ${resumedAfter} ms after tenant-manager restarted`);
    expect((await fetch(`${platform.ledger.url}/readyz`)).status).toBe(200);
  });

  it('should expose the tenancy series on /metrics without a token', async () => {
    const res = await fetch(`${platform.ledger.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const series of [
      'tenant_pools_open{service="ledger"}',
      'tenant_pool_evictions_total{service="ledger"}',
      'tenant_pool_waits_total{service="ledger"}',
      'tenant_pool_wait_timeouts_total{service="ledger"}',
      'tenant_config_cache_hits_total{layer="memory",service="ledger"}',
      'tenant_config_cache_misses_total{layer="memory",service="ledger"}',
      'tenant_config_cache_hits_total{layer="redis",service="ledger"}',
      'tenant_config_cache_misses_total{layer="redis",service="ledger"}',
      'tenant_config_stale_served_total{service="ledger"}',
      `tenant_requests_total{tenant="${cached.id}",service="ledger"}`,
    ]) {
      expect({ series, value: metric(text, series) }).toEqual({
        series,
        value: expect.any(Number),
      });
    }
    expect(
      metric(text, 'tenant_config_cache_hits_total{layer="memory",service="ledger"}'),
    ).toBeGreaterThan(0);
    expect(
      metric(text, `tenant_requests_total{tenant="${cached.id}",service="ledger"}`),
    ).toBeGreaterThan(3);
    for (const app of [platform.tracer, platform.reporter, platform.manager]) {
      const other = await fetch(`${app.url}/metrics`);
      expect(other.status).toBe(200);
      expect(await other.text()).toContain('process_cpu_user_seconds_total');
    }
  });
});
