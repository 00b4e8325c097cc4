import { randomBytes } from 'node:crypto';
import { TENANT_EVENTS_CHANNEL, type TenantConnections } from '@finplat/contracts';
import Redis from 'ioredis';
import { TenantConfigClient } from './tenant-config.client';
import { connectionsKey, connectTenancyRedis, RedisConfigCache } from './tenant-config.redis';
import { TenantConfigWatcher } from './tenant-config.watcher';
import type { TenantDataSources } from './tenant-data-sources';
import { tenantKey } from './tenant-key';

// Integration: a real Redis on 127.0.0.1:6379 (the test default of the contract).
const REDIS = { host: '127.0.0.1', port: 6379, tls: false };
const suffix = () => randomBytes(3).toString('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const connections = (id: string, database = 'db_a'): TenantConnections => ({
  id,
  status: 'active',
  service: 'ledger',
  isolationMode: 'DATABASE',
  postgresql: { host: '127.0.0.1', port: 5432, database, username: `u_${id}`, password: 'p' },
});

/** A fake tenant-manager that answers from a map and counts calls. */
function manager(initial: Record<string, TenantConnections | number>) {
  const answers = { ...initial };
  const calls: string[] = [];
  const impl = (async (url: string) => {
    const id = url.split('/')[5];
    calls.push(id);
    const answer = answers[id];
    if (answer === undefined || typeof answer === 'number')
      return new Response('{}', { status: typeof answer === 'number' ? answer : 404 });
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as unknown as typeof fetch;
  return { answers, calls, impl };
}

describe('tenant config over Redis (integration)', () => {
  const connectionsToClose: Redis[] = [];
  const clients: TenantConfigClient[] = [];
  const ready = (r: Redis) =>
    r.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((ok) => r.once('ready', () => ok()));
  let shared: Redis;
  beforeAll(async () => {
    shared = connectTenancyRedis(REDIS, 'cache');
    connectionsToClose.push(shared);
    await ready(shared);
  });
  const redis = () => shared;
  const client = (fetchImpl: typeof fetch, ttlSec = 60) => {
    const c = new TenantConfigClient({
      service: 'ledger',
      managerUrl: 'http://tm',
      apiKey: 'k',
      cacheTtlSec: ttlSec,
      requestTimeoutSec: 1,
      fetchImpl,
      redis: new RedisConfigCache(redis(), 'ledger', ttlSec),
    });
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all(connectionsToClose.map((r) => r.quit().catch(() => r.disconnect())));
  });

  describe('shared cache layer', () => {
    it('should let a second instance answer from Redis without asking tenant-manager', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      const a = client(tm.impl);
      const b = client(tm.impl);
      await a.get(id);
      await expect(b.get(id)).resolves.toMatchObject({ id });
      expect(tm.calls).toEqual([id]);
    });

    it('should store under tenant:{id}:connections:{service} with the cache TTL', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      await client(tm.impl, 42).get(id);
      const r = redis();
      expect(connectionsKey(id, 'ledger')).toBe(`tenant:${id}:connections:ledger`);
      const ttl = await r.ttl(`tenant:${id}:connections:ledger`);
      expect(ttl).toBeGreaterThan(30);
      expect(ttl).toBeLessThanOrEqual(42);
    });

    it('should delete the shared entry on invalidate, so every instance refetches', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      const a = client(tm.impl);
      await a.get(id);
      await a.invalidate(id);
      expect(await redis().exists(connectionsKey(id, 'ledger'))).toBe(0);
      await client(tm.impl).get(id);
      expect(tm.calls).toEqual([id, id]);
    });

    it('should treat an unreachable Redis as a miss, not an error', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      const dead = connectTenancyRedis({ ...REDIS, port: 1 }, 'cache');
      const c = new TenantConfigClient({
        service: 'ledger',
        managerUrl: 'http://tm',
        apiKey: 'k',
        cacheTtlSec: 60,
        requestTimeoutSec: 1,
        fetchImpl: tm.impl,
        redis: new RedisConfigCache(dead, 'ledger', 60),
      });
      clients.push(c);
      await expect(c.get(id)).resolves.toMatchObject({ id });
      dead.disconnect();
      await sleep(50);
    });
  });

  describe('tenantKey', () => {
    it("should keep two tenants' identical logical keys apart", async () => {
      const r = redis();
      const [a, b] = [`ta-${suffix()}`, `tb-${suffix()}`];
      await r.set(tenantKey(a, 'idempotency', 'same-key'), 'A', 'EX', 60);
      await r.set(tenantKey(b, 'idempotency', 'same-key'), 'B', 'EX', 60);
      expect(await r.get(tenantKey(a, 'idempotency', 'same-key'))).toBe('A');
      expect(await r.get(tenantKey(b, 'idempotency', 'same-key'))).toBe('B');
      expect(tenantKey(a, 'idempotency', 'same-key')).toBe(`tenant:${a}:idempotency:same-key`);
    });

    it('should refuse ids that could forge another prefix', () => {
      expect(() => tenantKey('acme:connections', 'x')).toThrow();
      expect(() => tenantKey('ACME', 'x')).toThrow();
      expect(() => tenantKey('', 'x')).toThrow();
      expect(() => tenantKey('acme')).toThrow();
    });
  });

  describe('lifecycle events', () => {
    const subscribers: Redis[] = [];
    function setup(id: string, tm: ReturnType<typeof manager>) {
      const c = client(tm.impl, 300);
      const retired: TenantConnections[] = [];
      const pools = { retire: jest.fn(async (x: TenantConnections) => void retired.push(x)) };
      const subscriber = connectTenancyRedis(REDIS, 'subscriber');
      connectionsToClose.push(subscriber);
      subscribers.push(subscriber);
      const watcher = new TenantConfigWatcher(
        c,
        pools as unknown as TenantDataSources,
        { service: 'ledger', checkIntervalSec: 3600, idleTimeoutSec: 300 },
        subscriber,
      );
      return { c, pools, retired, watcher };
    }
    const publish = (message: unknown) =>
      redis().publish(
        TENANT_EVENTS_CHANNEL,
        typeof message === 'string' ? message : JSON.stringify(message),
      );

    async function until(check: () => boolean, ms = 1_000) {
      const deadline = Date.now() + ms;
      while (!check() && Date.now() < deadline) await sleep(10);
      return check();
    }

    it('should drop a suspended tenant from every cache and retire its pool within a second', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      const { c, retired, watcher } = setup(id, tm);
      await watcher.start();
      await ready(subscribers[subscribers.length - 1]);
      await c.get(id);
      tm.answers[id] = 403;
      const started = Date.now();
      await publish({
        type: 'tenant.suspended',
        tenantId: id,
        occurredAt: new Date().toISOString(),
      });
      expect(await until(() => retired.length === 1)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect(c.get(id)).rejects.toMatchObject({ code: '0159' });
      expect(await redis().exists(connectionsKey(id, 'ledger'))).toBe(0);
      watcher.stop();
    });

    it('should move to new settings after a rotation and retire the old pool', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id, 'db_a') });
      const { c, retired, watcher } = setup(id, tm);
      await watcher.start();
      await ready(subscribers[subscribers.length - 1]);
      await c.get(id);
      tm.answers[id] = connections(id, 'db_b');
      await publish({
        type: 'tenant.credentials.rotated',
        tenantId: id,
        service: 'ledger',
        occurredAt: '',
      });
      expect(await until(() => retired.length === 1)).toBe(true);
      expect(retired[0].postgresql.database).toBe('db_a');
      await expect(c.get(id)).resolves.toMatchObject({ postgresql: { database: 'db_b' } });
      watcher.stop();
    });

    it('should never take connection settings from a forged message: it only causes a refetch', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id, 'db_a') });
      const { c, pools, watcher } = setup(id, tm);
      await watcher.start();
      await ready(subscribers[subscribers.length - 1]);
      await c.get(id);
      const before = tm.calls.length;
      await publish({
        type: 'tenant.placement.changed',
        tenantId: id,
        occurredAt: new Date().toISOString(),
        postgresql: {
          host: 'evil.example',
          port: 5432,
          database: 'attacker',
          username: 'x',
          password: 'y',
        },
        connections: { postgresql: { host: 'evil.example' } },
      });
      expect(await until(() => tm.calls.length > before)).toBe(true);
      await sleep(50);
      const served = await c.get(id);
      expect(served.postgresql).toEqual(connections(id, 'db_a').postgresql);
      expect(pools.retire).not.toHaveBeenCalled(); // tenant-manager says nothing changed
      // Malformed and foreign-service messages are ignored outright.
      const calls = tm.calls.length;
      await publish('not json');
      await publish({ type: 'tenant.hacked', tenantId: id });
      await publish({ type: 'tenant.updated', tenantId: '../etc' });
      await publish({ type: 'tenant.updated', tenantId: id, service: 'tracer' });
      await sleep(200);
      expect(tm.calls.length).toBe(calls);
      watcher.stop();
    });

    it('should catch a change the events missed at the next revalidation', async () => {
      const id = `acme-${suffix()}`;
      const tm = manager({ [id]: connections(id) });
      const { c, retired, watcher } = setup(id, tm);
      await c.get(id);
      tm.answers[id] = 404;
      await watcher.revalidate();
      expect(retired).toHaveLength(1);
      await expect(c.get(id)).rejects.toMatchObject({ code: '0160' });
    });
  });
});
