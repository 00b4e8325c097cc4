import { randomBytes } from 'node:crypto';
import type { TenantConnections } from '@finplat/contracts';
import { DomainError } from '@finplat/platform';
import { createTestDatabase, TEST_PG_ADMIN_URL, type TestDatabase } from '@finplat/testing';
import { Client } from 'pg';
import { postgresSettingsFromUrl } from './static-tenant.source';
import { TenantDataSources, type TenantDataSourcesOptions } from './tenant-data-sources';

// Integration with a real PostgreSQL: MULTI_TENANT_MAX_TENANT_POOLS is a ceiling on pools and
// so on connections (pools x pool size), shown by sampling pg_stat_activity.
const TENANTS = 6;
const MAX_POOLS = 2;
const POOL_SIZE = 2;
const BOUND = MAX_POOLS * POOL_SIZE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

jest.setTimeout(60_000);

describe('TenantDataSources ceiling (PostgreSQL, pg_stat_activity)', () => {
  const databases: TestDatabase[] = [];
  const created: TenantDataSources[] = [];
  /** One connection of the test's own for sampling, so a sample costs one round trip. */
  const observer = new Client({ connectionString: TEST_PG_ADMIN_URL });

  const tenant = (i: number): TenantConnections => ({
    id: `tenant-${i}`,
    status: 'active',
    service: 'ledger',
    isolationMode: 'DATABASE',
    postgresql: { ...postgresSettingsFromUrl(databases[i].url), maxConnections: POOL_SIZE },
  });

  /** Pools under test, each with its own application_name to count its connections by. */
  const poolsFor = (options: Partial<TenantDataSourcesOptions> = {}) => {
    const applicationName = `pooltest_${randomBytes(4).toString('hex')}`;
    const pools = new TenantDataSources({
      entities: [],
      maxPools: MAX_POOLS,
      idleTimeoutSec: 1,
      applicationName,
      poolWaitTimeoutSec: 30,
      ...options,
    });
    created.push(pools);
    const connectionsOpen = async () =>
      (
        await observer.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        )
      ).rows[0].n;
    return { pools, connectionsOpen };
  };

  /** Samples a value every few ms until stopped; resolves every sample taken. */
  const sampler = (sample: () => Promise<number>) => {
    let running = true;
    const samples: number[] = [];
    const done = (async () => {
      while (running) {
        samples.push(await sample());
        await sleep(10);
      }
      return samples;
    })();
    return () => ((running = false), done);
  };

  /** A unit of work held open until `gate` resolves. */
  const held = (pools: TenantDataSources, i: number, gate: Promise<void>) =>
    pools.use(tenant(i), async (ds) => {
      await ds.query('SELECT 1');
      await gate;
      return i;
    });
  const gate = () => {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    return { promise, open };
  };

  beforeAll(async () => {
    await observer.connect();
    for (let i = 0; i < TENANTS; i++) databases.push(await createTestDatabase('pool_t'));
  });
  afterAll(async () => {
    await Promise.all(created.map((pools) => pools.closeAll()));
    await observer.end();
    await Promise.all(databases.map((d) => d.drop()));
  });

  it('never holds more than pools x pool size connections under more tenants than pools and more concurrency than connections', async () => {
    const { pools, connectionsOpen } = poolsFor();
    const stopConnections = sampler(connectionsOpen);
    const stopPools = sampler(async () => pools.statistics().open);
    // 96 units of work over 6 tenants at once, each holding a connection for 50 ms: 24 times
    // the 4 connections the ceiling allows.
    const results = await Promise.all(
      Array.from({ length: 96 }, (_, n) =>
        pools.use(tenant(n % TENANTS), async (ds) => {
          await ds.query('SELECT pg_sleep(0.05)');
          return n;
        }),
      ),
    );
    const connections = await stopConnections();
    const open = await stopPools();
    expect(results).toHaveLength(96);
    expect(Math.max(...connections)).toBeLessThanOrEqual(BOUND);
    expect(Math.max(...connections)).toBeGreaterThan(0);
    expect(Math.max(...open)).toBeLessThanOrEqual(MAX_POOLS);
    expect(pools.statistics()).toMatchObject({ waitTimeouts: 0, waiting: 0 });
    expect(pools.statistics().waits).toBeGreaterThan(0);
    expect(pools.statistics().evictions).toBeGreaterThanOrEqual(TENANTS - MAX_POOLS);
    console.log(
      `pg_stat_activity max ${Math.max(...connections)} (bound ${BOUND}) over ${connections.length} samples; ` +
        `${pools.statistics().waits} waits, ${pools.statistics().evictions} evictions`,
    );
  });

  it('closes pools idle past MULTI_TENANT_IDLE_TIMEOUT_SEC', async () => {
    const { pools, connectionsOpen } = poolsFor();
    await pools.use(tenant(0), (ds) => ds.query('SELECT 1'));
    expect(await connectionsOpen()).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (pools.statistics().open > 0 || (await connectionsOpen()) > 0))
      await sleep(200);
    expect(pools.statistics().open).toBe(0);
    expect(await connectionsOpen()).toBe(0);
  });

  it('serves waiting tenants in turn: one with many waiting requests does not hold back the next', async () => {
    const { pools } = poolsFor();
    const first = gate();
    const second = gate();
    const busy = [held(pools, 0, first.promise), held(pools, 1, second.promise)];
    await sleep(100);

    const servedAt: Record<number, number> = {};
    const later = gate();
    const queued = [...Array.from({ length: 10 }, () => 2), 3, 4].map((i) =>
      pools.use(tenant(i), async () => {
        servedAt[i] ??= Date.now();
        await later.promise;
      }),
    );
    await sleep(100);
    expect(pools.statistics().waiting).toBe(12);

    first.open();
    await sleep(300);
    // Tenant 2 waited first: all ten of its requests share the pool tenant 0 gave up.
    expect(Object.keys(servedAt)).toEqual(['2']);
    second.open();
    await sleep(300);
    // Tenant 3 gets the next pool while tenant 2's ten requests are still running.
    expect(Object.keys(servedAt).sort()).toEqual(['2', '3']);
    expect(pools.statistics().open).toBe(MAX_POOLS);

    later.open();
    await Promise.all([...busy, ...queued]);
    expect(Object.keys(servedAt).sort()).toEqual(['2', '3', '4']);
  });

  it('refuses with 503 + Retry-After past MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC, never opening an extra pool', async () => {
    const { pools, connectionsOpen } = poolsFor({ poolWaitTimeoutSec: 1 });
    const hold = gate();
    const busy = [held(pools, 0, hold.promise), held(pools, 1, hold.promise)];
    await sleep(100);
    const started = Date.now();
    const error = await pools.use(tenant(2), (ds) => ds.query('SELECT 1')).catch((e) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: '0095',
      definition: { title: 'Tenant Pools Busy' },
      details: { retryAfterSec: 1 },
    });
    expect(pools.statistics()).toMatchObject({ open: MAX_POOLS, waitTimeouts: 1, waiting: 0 });
    expect(await connectionsOpen()).toBeLessThanOrEqual(BOUND);
    hold.open();
    await Promise.all(busy);
    // Room again: the refused tenant is served.
    await pools.use(tenant(2), (ds) => ds.query('SELECT 1'));
  });

  it('refuses at once when MULTI_TENANT_POOL_QUEUE_SIZE requests already wait', async () => {
    const { pools } = poolsFor({ poolQueueSize: 2 });
    const hold = gate();
    const busy = [held(pools, 0, hold.promise), held(pools, 1, hold.promise)];
    await sleep(100);
    const waiting = [2, 3].map((i) => pools.use(tenant(i), (ds) => ds.query('SELECT 1')));
    await expect(pools.use(tenant(4), (ds) => ds.query('SELECT 1'))).rejects.toMatchObject({
      code: '0095',
    });
    hold.open();
    await Promise.all([...busy, ...waiting]);
    expect(pools.statistics()).toMatchObject({ waitTimeouts: 1, waiting: 0 });
  });
});
