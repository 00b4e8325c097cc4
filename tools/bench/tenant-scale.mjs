#!/usr/bin/env node
// Tenant scale benchmark (issue 12, item 4). Prints figures; asserts nothing.
//
// Provisions SCALE_SCHEMA_TENANTS SCHEMA tenants and SCALE_DATABASE_TENANTS DATABASE tenants
// (ledger isolation; tracer and reporter SCHEMA) through a real tenant-manager, gives each a
// client and a token, then starts one multi-tenant ledger with MULTI_TENANT_MAX_TENANT_POOLS =
// SCALE_POOLS and:
//   1. setup: per tenant an organization, a ledger, USD, two funded accounts — the first
//      request of each tenant applies every ledger migration to its fresh schema/database
//      (the migrator is lazy, libs/tenancy tenant-migrator.ts), so this is timed as
//      "fleet migration, full set on fresh tenants";
//   2. restart the ledger and touch every tenant once (GET its organization): each first
//      touch runs the migrator's check (advisory lock, schema_migrations read, nothing to
//      apply). A new no-op migration costs this plus one INSERT per tenant, so this is the
//      whole-fleet time of a new (trivial) migration; a real one adds its own DDL × tenants;
//   3. transfers spread over every tenant, uniform then Zipf (s = SCALE_ZIPF_S), closed loop at
//      SCALE_CONCURRENCY, optionally paced to SCALE_RATE tx/s: throughput, p50/p99, errors,
//      tenant-config cache hit rate and pool evictions/s (the ledger's /metrics), ledger RSS
//      (/proc/<pid>/status, sampled), PostgreSQL connections (pg_stat_activity, sampled).
// Every tenant is deleted through tenant-manager at the end (what it cannot delete is removed
// directly), on failure and on Ctrl-C too. Run under `flock /tmp/finplat-tm.lock`.
//
// Environment (all optional):
//   SCALE_SCHEMA_TENANTS=1000   SCHEMA-mode tenants
//   SCALE_DATABASE_TENANTS=50   DATABASE-mode tenants (a database each)
//   SCALE_POOLS=100             MULTI_TENANT_MAX_TENANT_POOLS of the ledger
//   SCALE_SECONDS=30            measured seconds per distribution (after SCALE_WARMUP_SECONDS=3)
//   SCALE_CONCURRENCY=32        requests in flight
//   SCALE_RATE=0                tx/s to pace to (0: as fast as the closed loop goes)
//   SCALE_ZIPF_S=1.0            Zipf exponent of the skewed phase
//   SCALE_PROVISION_CONCURRENCY=4  tenants provisioned (and deleted) at a time
//   SCALE_RABBITMQ=1            0: tenant-manager provisions no RabbitMQ vhosts
//   SCALE_MAX_PG_CONNECTIONS=450  stop the run if pg_stat_activity exceeds this
//   BENCH_PG_URL, BENCH_LOG_LEVEL as for the other benchmarks
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import {
  PG_ADMIN_URL,
  RUN,
  adminQuery,
  cleanup,
  ensureBuilt,
  expectCreated,
  httpClient,
  inParallel,
  log,
  managerCall,
  numberEnv,
  onCleanup,
  percentile,
  provisionTenantWithToken,
  removeSharedInfrastructureWeCreated,
  removeTenantDirectly,
  runPhase,
  sharedInfrastructure,
  sleep,
  startApp,
  startTenantManager,
  state,
} from './lib/harness.mjs';

const SCHEMA_TENANTS = numberEnv('SCALE_SCHEMA_TENANTS', 1000, 0);
const DATABASE_TENANTS = numberEnv('SCALE_DATABASE_TENANTS', 50, 0);
const POOLS = numberEnv('SCALE_POOLS', 100, 1);
const SECONDS = numberEnv('SCALE_SECONDS', 30, 0.1);
const WARMUP_SECONDS = numberEnv('SCALE_WARMUP_SECONDS', 3, 0);
const CONCURRENCY = numberEnv('SCALE_CONCURRENCY', 32, 1);
const RATE = numberEnv('SCALE_RATE', 0, 0);
const ZIPF_S = numberEnv('SCALE_ZIPF_S', 1.0, 0);
const PROVISION_CONCURRENCY = numberEnv('SCALE_PROVISION_CONCURRENCY', 4, 1);
const RABBITMQ = (process.env.SCALE_RABBITMQ ?? '1') !== '0';
const MAX_PG_CONNECTIONS = numberEnv('SCALE_MAX_PG_CONNECTIONS', 450, 1);
const SAMPLE_MS = 500;
const AMOUNT = '1.00';
const TOTAL = SCHEMA_TENANTS + DATABASE_TENANTS;
if (TOTAL < 1) throw new Error('SCALE_SCHEMA_TENANTS + SCALE_DATABASE_TENANTS must be >= 1');

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const seconds = (ms) => `${fmt(ms / 1000)} s`;

// ---------------------------------------------------------------------------------------------
// Tenants through tenant-manager.

function startScaleTenantManager() {
  return startTenantManager({
    // The reconciler would walk every tenant each minute while we measure.
    TENANT_MANAGER_RECONCILE_INTERVAL_SEC: '0',
    ...(RABBITMQ ? {} : { RABBITMQ_MANAGEMENT_URL: 'off' }),
  });
}

/** Databases a DATABASE-mode tenant got, in case tenant-manager cannot delete it. */
async function removeTenantDatabases(id) {
  const rows = await adminQuery("SELECT datname FROM pg_database WHERE datname LIKE '%\\_' || $1", [
    id,
  ]);
  for (const { datname } of rows)
    await adminQuery(`DROP DATABASE IF EXISTS "${datname.replace(/"/g, '""')}" WITH (FORCE)`);
}

async function deleteTenant(tm, id) {
  const res = await managerCall(tm, 'DELETE', `/v1/tenants/${id}`).catch((error) => ({
    status: 0,
    body: error.message,
  }));
  if (res.status === 204 || res.status === 404) return true;
  process.stderr.write(`cleanup: DELETE tenant ${id}: ${res.status} ${JSON.stringify(res.body)}\n`);
  await removeTenantDirectly(id);
  await removeTenantDatabases(id);
  return false;
}

async function provisionOne(tm, id, ledgerIsolation) {
  const { token } = await provisionTenantWithToken(tm, {
    id,
    name: `Scale ${id}`,
    isolation: { ledger: ledgerIsolation, tracer: 'SCHEMA', reporter: 'SCHEMA' },
  });
  return token;
}

async function provisionFleet(tm) {
  const before = await sharedInfrastructure();
  onCleanup('remove shared SCHEMA-mode databases and gateways this run created', () =>
    removeSharedInfrastructureWeCreated(before),
  );
  const tenants = [
    ...Array.from({ length: DATABASE_TENANTS }, (_, i) => ({
      id: `scale-${RUN}-d${i}`,
      isolation: 'DATABASE',
    })),
    ...Array.from({ length: SCHEMA_TENANTS }, (_, i) => ({
      id: `scale-${RUN}-s${i}`,
      isolation: 'SCHEMA',
    })),
  ];
  const attempted = [];
  onCleanup(`delete ${TOTAL} tenants through tenant-manager`, async () => {
    const t0 = performance.now();
    let direct = 0;
    await inParallel(attempted, PROVISION_CONCURRENCY, async (t) => {
      if (!(await deleteTenant(tm, t.id))) direct += 1;
    });
    log(
      `cleanup: ${attempted.length} tenants deleted in ${seconds(performance.now() - t0)}` +
        (direct ? ` (${direct} removed directly after tenant-manager refused)` : ''),
    );
  });
  const times = { SCHEMA: [], DATABASE: [] };
  const t0 = performance.now();
  // DATABASE tenants first: their CREATE DATABASE is the slow part, and it is measured apart.
  await inParallel(tenants, PROVISION_CONCURRENCY, async (t) => {
    attempted.push(t); // before the call: a half-made tenant is deleted too
    const s = performance.now();
    t.token = await provisionOne(tm, t.id, t.isolation);
    times[t.isolation].push(performance.now() - s);
  });
  if (state.aborted) throw new Error('aborted');
  return { tenants, times, wall: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Samplers: the ledger's RSS and PostgreSQL's connections, every SAMPLE_MS.

function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function startSamplers(pid, sampler, databases) {
  const s = { rss: [], total: [], tenant: [], over: undefined };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      s.rss.push(rssBytes(pid));
      try {
        const { rows } = await sampler.query(
          `SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE datname = ANY($1::text[]))::int AS tenant
             FROM pg_stat_activity WHERE backend_type = 'client backend'`,
          [databases],
        );
        s.total.push(rows[0].total);
        s.tenant.push(rows[0].tenant);
        if (rows[0].total > MAX_PG_CONNECTIONS && !s.over) {
          s.over = rows[0].total;
          process.stderr.write(
            `pg_stat_activity: ${rows[0].total} connections > SCALE_MAX_PG_CONNECTIONS (${MAX_PG_CONNECTIONS}): stopping\n`,
          );
          state.aborted = true;
        }
      } catch {
        // a sample lost is not a figure lost
      }
      await sleep(SAMPLE_MS);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const max = (a) => a.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);
      const mean = (a) => a.reduce((t, v) => t + v, 0) / Math.max(1, a.length);
      return {
        rssMax: max(s.rss),
        rssLast: s.rss.at(-1),
        pgMax: max(s.total),
        pgMean: mean(s.total),
        tenantMax: max(s.tenant),
        tenantMean: mean(s.tenant),
        over: s.over,
      };
    },
  };
}

/** The tenancy series of the ledger's /metrics, summed over labels. */
async function tenancySeries(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (name, filter = () => true) =>
    text
      .split('\n')
      .filter(
        (line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && filter(line),
      )
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return {
    at: performance.now(),
    hits: sum('tenant_config_cache_hits_total'),
    misses: sum('tenant_config_cache_misses_total'),
    memoryHits: sum('tenant_config_cache_hits_total', (l) => l.includes('layer="memory"')),
    memoryMisses: sum('tenant_config_cache_misses_total', (l) => l.includes('layer="memory"')),
    evictions: sum('tenant_pool_evictions_total'),
    waits: sum('tenant_pool_waits_total'),
    waitTimeouts: sum('tenant_pool_wait_timeouts_total'),
    open: sum('tenant_pools_open'),
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger: setup per tenant, first touch, transfers.

async function setupTenant(client, t) {
  const as = (method, path, body) => client.request(method, path, body, true, t.token);
  const org = await expectCreated(
    as('POST', '/v1/organizations', {
      legalName: `Scale ${t.id}`,
      legalDocument: '00000000000191',
    }),
    `${t.id} organization`,
  );
  const ledger = await expectCreated(
    as('POST', `/v1/organizations/${org.id}/ledgers`, { name: 'scale' }),
    `${t.id} ledger`,
  );
  t.org = org.id;
  t.base = `/v1/organizations/${org.id}/ledgers/${ledger.id}`;
  await expectCreated(
    as('POST', `${t.base}/assets`, { name: 'US Dollar', type: 'currency', code: 'USD' }),
    `${t.id} asset`,
  );
  for (const alias of ['@a', '@b'])
    await expectCreated(
      as('POST', `${t.base}/accounts`, { assetCode: 'USD', type: 'deposit', alias }),
      `${t.id} account ${alias}`,
    );
  await expectCreated(
    as('POST', `${t.base}/transactions/inflow`, {
      description: `scale funding ${t.id}`,
      send: {
        asset: 'USD',
        value: '2000000',
        distribute: {
          to: ['@a', '@b'].map((accountAlias) => ({
            accountAlias,
            amount: { asset: 'USD', value: '1000000' },
          })),
        },
      },
    }),
    `${t.id} funding`,
  );
}

/** Zipf(s) over n ranks by inverse CDF on the cumulative weights (binary search). */
function zipfPicker(n, s) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k += 1) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  return () => {
    const u = Math.random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

let seq = 0;

function transferOp(client, tenants, pick, paced) {
  return async () => {
    if (paced) await paced();
    const t = tenants[pick()];
    const [from, to] = randomInt(2) ? ['@a', '@b'] : ['@b', '@a'];
    seq += 1;
    const res = await client.request(
      'POST',
      `${t.base}/transactions/json`,
      {
        description: `scale ${RUN} ${seq}`,
        send: {
          asset: 'USD',
          value: AMOUNT,
          source: { from: [{ accountAlias: from, amount: { asset: 'USD', value: AMOUNT } }] },
          distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value: AMOUNT } }] },
        },
      },
      false,
      t.token,
    );
    return res.status === 201
      ? { ok: true }
      : { ok: false, error: `${t.id}: HTTP ${res.status} ${(res.text ?? '').slice(0, 300)}` };
  };
}

/** Open-loop pacing shared by the workers: request i may start at t0 + i / RATE. */
function pacer(rate) {
  if (!rate) return undefined;
  const t0 = performance.now();
  let i = 0;
  return async () => {
    const at = t0 + (i++ * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
  };
}

async function trafficPhase(name, ledger, client, tenants, pick, ctx) {
  const distinct = new Set();
  const counted = () => {
    const k = pick();
    distinct.add(k);
    return k;
  };
  if (WARMUP_SECONDS > 0)
    await runPhase(CONCURRENCY, WARMUP_SECONDS, 0, transferOp(client, tenants, pick), false);
  const m0 = await tenancySeries(ledger.url);
  const samplers = startSamplers(ledger.pid, ctx.sampler, ctx.tenantDatabases);
  const r = await runPhase(
    CONCURRENCY,
    SECONDS,
    0,
    transferOp(client, tenants, counted, pacer(RATE)),
    true,
  );
  const sampled = await samplers.stop();
  const m1 = await tenancySeries(ledger.url);
  const sorted = Float64Array.from(r.latencies).sort();
  const lookups = m1.memoryHits - m0.memoryHits + (m1.memoryMisses - m0.memoryMisses);
  const result = {
    name,
    tps: r.ok / r.elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
    ok: r.ok,
    errors: r.errors,
    firstError: r.firstError,
    tenantsHit: distinct.size,
    cacheHitRate: lookups > 0 ? (m1.memoryHits - m0.memoryHits) / lookups : NaN,
    lookups,
    evictionsPerSec: (m1.evictions - m0.evictions) / ((m1.at - m0.at) / 1000),
    waits: m1.waits - m0.waits,
    waitTimeouts: m1.waitTimeouts - m0.waitTimeouts,
    poolsOpen: m1.open,
    ...sampled,
  };
  log(
    `  ${name.padEnd(8)} ${fmt(result.tps).padStart(7)} tx/s  p50 ${fmt(result.p50, 2)} ms  p99 ${fmt(result.p99, 2)} ms` +
      `  errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}  tenants hit ${result.tenantsHit}/${tenants.length}`,
  );
  return result;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function statsLine(label, ms) {
  if (!ms.length) return `${label}: none`;
  const sorted = Float64Array.from(ms).sort();
  const mean = ms.reduce((t, v) => t + v, 0) / ms.length;
  return (
    `${label}: ${ms.length}, mean ${fmt(mean, 0)} ms, p50 ${fmt(percentile(sorted, 50), 0)} ms, ` +
    `p99 ${fmt(percentile(sorted, 99), 0)} ms, max ${fmt(sorted.at(-1), 0)} ms`
  );
}

async function timedFirstTouch(label, tenants, fn) {
  const latencies = [];
  const t0 = performance.now();
  await inParallel(tenants, CONCURRENCY, async (t) => {
    const s = performance.now();
    await fn(t);
    latencies.push(performance.now() - s);
  });
  const wall = performance.now() - t0;
  log(
    `${label}: ${tenants.length} tenants in ${seconds(wall)} (${fmt(tenants.length / (wall / 1000))} tenants/s, ` +
      `${CONCURRENCY} at a time); ${statsLine('per tenant', latencies).replace(/^per tenant: \d+, /, '')}`,
  );
  return wall;
}

function startLedger(tm) {
  return startApp('ledger', {
    MULTI_TENANT_ENABLED: 'true',
    PLUGIN_AUTH_ENABLED: 'true',
    MULTI_TENANT_URL: tm.manager.url,
    MULTI_TENANT_SERVICE_API_KEY: tm.serviceKey,
    MULTI_TENANT_MAX_TENANT_POOLS: String(POOLS),
  });
}

async function main() {
  ensureBuilt();
  const sampler = new pg.Client({
    connectionString: PG_ADMIN_URL,
    application_name: 'scale-sampler',
  });
  await sampler.connect();
  onCleanup('close sampler connection', () => sampler.end());
  const [{ max_connections: maxConnections }] = (await sampler.query('SHOW max_connections')).rows;
  const [{ n: connectionsBefore }] = (
    await sampler.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
    )
  ).rows;
  const cpus = os.cpus();
  log('tenant scale benchmark');
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB; load average ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')}`,
  );
  log(
    `PostgreSQL max_connections=${maxConnections}, ${connectionsBefore} client connections before the run`,
  );
  log(
    `fleet: ${SCHEMA_TENANTS} SCHEMA + ${DATABASE_TENANTS} DATABASE tenants, ledger MULTI_TENANT_MAX_TENANT_POOLS=${POOLS}, ` +
      `${CONCURRENCY} in flight${RATE ? `, paced to ${RATE} tx/s` : ' (closed loop)'}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per distribution, ` +
      `RabbitMQ vhosts ${RABBITMQ ? 'on' : 'off'}`,
  );

  const tm = await startScaleTenantManager();
  const fleet = await provisionFleet(tm);
  log(
    `\nprovisioning: ${TOTAL} tenants in ${seconds(fleet.wall)} (${PROVISION_CONCURRENCY} at a time, client + token included)`,
  );
  log(`  ${statsLine('SCHEMA', fleet.times.SCHEMA)}`);
  log(`  ${statsLine('DATABASE', fleet.times.DATABASE)}`);
  const { tenants } = fleet;
  const ctx = { sampler, tenantDatabases: ['ledger_tenants'] };
  const dbRows = await adminQuery(
    "SELECT datname FROM pg_database WHERE datname LIKE 'ledger\\_' || $1 || '%'",
    [`scale-${RUN}-d`],
  );
  ctx.tenantDatabases.push(...dbRows.map((r) => r.datname));

  let ledger = await startLedger(tm);
  const client = httpClient(ledger.port, CONCURRENCY);
  const fullSet = await timedFirstTouch(
    '\nsetup + full migration set on fresh tenants (org, ledger, asset, 2 accounts, funding)',
    tenants,
    (t) => setupTenant(client, t),
  );
  client.close();
  if (state.aborted) throw new Error('aborted');

  await ledger.stop();
  ledger = await startLedger(tm);
  const touch = httpClient(ledger.port, CONCURRENCY);
  const rssIdle = rssBytes(ledger.pid);
  const fleetCheck = await timedFirstTouch(
    'fleet migration check after a restart (first request per tenant, migrations up to date)',
    tenants,
    async (t) => {
      const res = await touch.request(
        'GET',
        `/v1/organizations/${t.org}`,
        undefined,
        true,
        t.token,
      );
      if (res.status !== 200)
        throw new Error(`${t.id}: GET organization ${res.status} ${res.text}`);
    },
  );
  touch.close();
  log(
    `ledger RSS after the first touch of every tenant: ${fmt(rssBytes(ledger.pid) / 2 ** 20, 0)} MiB (at start ${fmt(rssIdle / 2 ** 20, 0)} MiB)`,
  );

  log('\ntraffic:');
  const traffic = httpClient(ledger.port, CONCURRENCY);
  const results = [];
  try {
    results.push(
      await trafficPhase('uniform', ledger, traffic, tenants, () => randomInt(tenants.length), ctx),
    );
    if (!state.aborted) {
      // Ranks shuffled so the hot tenants are a mix of SCHEMA and DATABASE ones.
      const order = tenants.map((_, i) => i).sort(() => Math.random() - 0.5);
      const zipf = zipfPicker(tenants.length, ZIPF_S);
      results.push(
        await trafficPhase(`zipf ${ZIPF_S}`, ledger, traffic, tenants, () => order[zipf()], ctx),
      );
    }
  } finally {
    traffic.close();
  }
  await ledger.stop();

  log(
    `\n${table(
      [
        'phase',
        'tx/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'cache hit',
        'evict/s',
        'waits',
        'pools',
        'RSS max MiB',
        'PG conns max',
        'tenant-db conns max',
      ],
      results.map((r) => [
        r.name,
        fmt(r.tps),
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        fmt(r.max, 1),
        r.errors,
        `${fmt(r.cacheHitRate * 100, 2)}%`,
        fmt(r.evictionsPerSec, 2),
        r.waits,
        r.poolsOpen,
        fmt(r.rssMax / 2 ** 20, 0),
        r.pgMax,
        r.tenantMax,
      ]),
    )}`,
  );
  log(
    "cache hit: share of tenant-config lookups answered by the ledger's memory cache; pools: tenant pools open at the end " +
      '(SCHEMA tenants share one gateway pool, each DATABASE tenant has its own); PG conns: every client backend of the server ' +
      `(other work included; ${connectionsBefore} before the run), tenant-db conns: those to ledger_tenants and this run's tenant databases`,
  );
  log(
    `\nwhole-fleet migration: full set on ${TOTAL} fresh tenants ${seconds(fullSet)} (setup requests included); ` +
      `up-to-date check of ${TOTAL} tenants after a restart ${seconds(fleetCheck)}`,
  );
  log(
    '\nissue 12 targets: p99 < 50 ms at 0.8 × the single-tenant c=32 throughput, RSS < 1 GiB, no errors',
  );
  for (const r of results) {
    log(
      `  ${r.name.padEnd(8)}: p99 ${fmt(r.p99, 2)} ms ${r.p99 < 50 ? '<' : '>='} 50 at ${fmt(r.tps)} tx/s; ` +
        `RSS ${fmt(r.rssMax / 2 ** 20, 0)} MiB ${r.rssMax < 2 ** 30 ? '<' : '>='} 1 GiB; errors ${r.errors}; ` +
        `PG connections max ${r.pgMax} of ${maxConnections}`,
    );
  }
  log(
    '  (compare tx/s with 0.8 × the single-tenant c=32 figure of `npm run bench` on the same machine, docs/performance.md)',
  );
}

main()
  .then(() => cleanup())
  .catch(async (error) => {
    if (!state.aborted) process.stderr.write(`\nbenchmark failed: ${error.stack ?? error}\n`);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(async () => {
    // Left as found? Count what of this run is still there.
    const [{ n }] = await adminQuery(
      "SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE '%' || $1 || '%'",
      [RUN],
    ).catch(() => [{ n: '?' }]);
    log(`after cleanup: ${n} roles of run ${RUN} left`);
  });
