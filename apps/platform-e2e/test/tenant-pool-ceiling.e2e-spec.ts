import { Client } from 'pg';
import { TEST_PG_ADMIN_URL } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

const MAX_POOLS = 2;
/** Pool size of a tenant pool (DEFAULT_TENANT_POOL_SIZE; tenant-manager sets no other). */
const POOL_SIZE = 10;
const TENANTS = 5;
const CONCURRENCY = 64;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * MULTI_TENANT_MAX_TENANT_POOLS is a ceiling in the built ledger: with more DATABASE tenants
 * than pools and more concurrent requests than connections, PostgreSQL never sees more than
 * MAX_POOLS tenant databases connected or MAX_POOLS x POOL_SIZE connections from the ledger,
 * and every request is answered (they wait for a pool, in turn, instead of opening another).
 */
describe('tenant pool ceiling (ledger, pg_stat_activity)', () => {
  let platform: Platform;
  let tenants: ProvisionedTenant[] = [];
  const observer = new Client({ connectionString: TEST_PG_ADMIN_URL });

  beforeAll(async () => {
    platform = await startPlatform({
      MULTI_TENANT_MAX_TENANT_POOLS: String(MAX_POOLS),
      MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC: '60',
    });
    for (let i = 0; i < TENANTS; i++)
      tenants.push(await provisionTenant(platform, 'pool-cap', 'DATABASE'));
    await observer.connect();
  });
  afterAll(async () => {
    await observer.end();
    if (!platform) return;
    for (const tenant of tenants) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    tenants = [];
    await platform.stop();
  });

  it(`keeps ≤ ${MAX_POOLS} tenant databases and ≤ ${MAX_POOLS * POOL_SIZE} connections under ${CONCURRENCY} concurrent requests over ${TENANTS} tenants`, async () => {
    const databases = tenants.map((tenant) => tenant.body.services.ledger.database);
    let sampling = true;
    const samples: { connections: number; databases: number }[] = [];
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await observer.query<{ connections: number; databases: number }>(
          `SELECT count(*)::int AS connections, count(DISTINCT datname)::int AS databases
             FROM pg_stat_activity WHERE application_name = 'ledger' AND datname = ANY($1)`,
          [databases],
        );
        samples.push(rows[0]);
        await sleep(5);
      }
    })();

    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const responses = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, n) =>
          fetch(`${platform.ledger.url}/v1/organizations`, {
            headers: { Authorization: `Bearer ${tenants[(n + round) % TENANTS].token}` },
          }),
        ),
      );
      for (const response of responses) {
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }
    sampling = false;
    await sampler;

    const most = {
      connections: Math.max(...samples.map((s) => s.connections)),
      databases: Math.max(...samples.map((s) => s.databases)),
    };
    console.log(
      `${statuses.length} requests; pg_stat_activity over ${samples.length} samples: at most ` +
        `${most.connections} connections (bound ${MAX_POOLS * POOL_SIZE}) in ${most.databases} tenant databases (bound ${MAX_POOLS})`,
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(samples.length).toBeGreaterThan(10);
    expect(most.databases).toBeLessThanOrEqual(MAX_POOLS);
    expect(most.databases).toBeGreaterThan(0);
    expect(most.connections).toBeLessThanOrEqual(MAX_POOLS * POOL_SIZE);

    const metrics = await (await fetch(`${platform.ledger.url}/metrics`)).text();
    const waits = Number(/^tenant_pool_waits_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1]);
    const open = Number(/^tenant_pools_open\{[^}]*\} (\d+)/m.exec(metrics)?.[1]);
    expect(waits).toBeGreaterThan(0);
    expect(open).toBeLessThanOrEqual(MAX_POOLS);
  });
});
