import { randomBytes } from 'node:crypto';
import type { TenantConnections } from '@finplat/contracts';
import { adminQuery, createTestDatabase, type TestDatabase } from '@finplat/testing';
import { postgresSettingsFromUrl } from './static-tenant.source';
import { TenantDataSources } from './tenant-data-sources';

// Integration with a real PostgreSQL: pools are bounded, idle ones close, busy overflow counted.
const TENANTS = 6;
const MAX_POOLS = 2;
const POOL_SIZE = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TenantDataSources bounds (PostgreSQL, pg_stat_activity)', () => {
  const app = `pooltest_${randomBytes(4).toString('hex')}`;
  const databases: TestDatabase[] = [];
  let pools: TenantDataSources;

  const tenant = (i: number): TenantConnections => ({
    id: `tenant-${i}`,
    status: 'active',
    service: 'ledger',
    isolationMode: 'DATABASE',
    postgresql: { ...postgresSettingsFromUrl(databases[i].url), maxConnections: POOL_SIZE },
  });

  /** Connections this "app" holds right now, as PostgreSQL sees them. */
  const connectionsOpen = async () =>
    Number(
      (
        await adminQuery<{ n: string }>(
          'SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = $1',
          [app],
        )
      )[0].n,
    );

  beforeAll(async () => {
    for (let i = 0; i < TENANTS; i++) databases.push(await createTestDatabase('pool_t'));
  });
  afterAll(async () => {
    await pools?.closeAll();
    await Promise.all(databases.map((d) => d.drop()));
  });

  it('should keep connections bounded while more tenants than MULTI_TENANT_MAX_TENANT_POOLS are served', async () => {
    pools = new TenantDataSources({
      entities: [],
      maxPools: MAX_POOLS,
      idleTimeoutSec: 1,
      applicationName: app,
    });
    const samples: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < TENANTS; i++) {
        // Two concurrent queries per tenant fill its pool (size POOL_SIZE).
        await Promise.all(
          [0, 1].map(() => pools.use(tenant(i), (ds) => ds.query('SELECT pg_sleep(0.02)'))),
        );
        samples.push(await connectionsOpen());
        expect(pools.statistics().open).toBeLessThanOrEqual(MAX_POOLS);
      }
    }
    // Closing an evicted pool is asynchronous: allow the one being closed on top of the bound.
    const bound = (MAX_POOLS + 1) * POOL_SIZE;
    expect(Math.max(...samples)).toBeLessThanOrEqual(bound);
    expect(Math.max(...samples)).toBeGreaterThan(0);
    expect(pools.statistics().evictions).toBeGreaterThanOrEqual(TENANTS * 2 - MAX_POOLS);
    expect(pools.statistics().overflows).toBe(0);
    console.log(`pg_stat_activity samples (bound ${bound}): ${samples.join(' ')}`);
  });

  it('should close pools idle past MULTI_TENANT_IDLE_TIMEOUT_SEC', async () => {
    expect(await connectionsOpen()).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (pools.statistics().open > 0 || (await connectionsOpen()) > 0))
      await sleep(200);
    expect(pools.statistics().open).toBe(0);
    expect(await connectionsOpen()).toBe(0);
  });

  it('should count (and bound to one per request) pools opened while every pool is busy, never closing a busy one', async () => {
    const before = pools.statistics().overflows;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const busy = [0, 1].map((i) =>
      pools.use(tenant(i), async (ds) => (await ds.query('SELECT 1'), gate)),
    );
    await sleep(200);
    await pools.use(tenant(2), (ds) => ds.query('SELECT 1'));
    expect(pools.statistics().overflows).toBe(before + 1);
    // The busy pools are still there and usable.
    release();
    await Promise.all(busy);
    expect(pools.statistics().open).toBeLessThanOrEqual(MAX_POOLS + 1);
    await pools.use(tenant(0), (ds) => ds.query('SELECT 1'));
  });
});
