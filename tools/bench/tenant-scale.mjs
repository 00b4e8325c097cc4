#!/usr/bin/env node
// Tenant scale benchmark (issue 12, item 4). Prints figures; asserts nothing.
//
//   node tools/bench/tenant-scale.mjs [all | provision | measure | migrate | delete]
//
// The fleet (SCALE_SCHEMA_TENANTS SCHEMA + SCALE_DATABASE_TENANTS DATABASE tenants, ledger
// isolation; tracer and reporter SCHEMA) is made through a real tenant-manager and kept between
// phases in a state file (SCALE_STATE), so the long, unmeasured parts need not hold the quiet
// machine:
//
//   provision  (under `flock /tmp/finplat-tm.lock`): a control plane and tenant-manager, the
//              tenants with a client each (time per tenant, load average), then one
//              multi-tenant ledger sets every tenant up (organization, ledger, USD, two funded
//              accounts): each tenant's first request applies the full migration set to its
//              fresh schema/database (timed). A failure deletes everything it made.
//   measure    (under /work/coord/bin/quiet, ≤ 6 min): the reference first — a single-tenant
//              ledger (own database, 1,000 accounts, no broker, as `npm run bench`) at c=32,
//              closed loop — then the multi-tenant ledger (MULTI_TENANT_MAX_TENANT_POOLS =
//              SCALE_POOLS) over the fleet:
//                memory probe: a transfer to half the tenants, to all, to all again, each
//                followed by a full GC in the ledger and process.memoryUsage() (what it retains
//                per tenant touched, apart from garbage);
//                closed loop at c=32, uniform then Zipf(SCALE_ZIPF_S);
//                open loop at SCALE_OPEN_FACTOR (0.8) × the single-tenant c=32 rate of this
//                run, uniform then Zipf: requests due at a fixed rate, latency counted from when
//                each was due, dropped (SCALE_OPEN_MAX_IN_FLIGHT unanswered) and late ones
//                counted — issue 12's target is judged here;
//              each traffic phase prints tx/s, p50/p99, errors, tenant-config cache hit rate,
//              pool evictions/s, the ledger's RSS and PostgreSQL connections (sampled).
//   migrate    (under quiet): a new migration applied to the whole fleet — the ledger's last
//              migration (CreateFees: two tables, three indexes) is undone in every tenant
//              (tables dropped, its schema_migrations row deleted) with the ledger stopped,
//              then the ledger is started and every tenant sent one request, which applies it
//              (timed, and checked: the tables are back everywhere); then the up-to-date check
//              (a restart, one request per tenant, nothing to apply).
//   delete     (under `flock /tmp/finplat-tm.lock`): every tenant deleted through
//              tenant-manager (what it refuses is removed directly), gateways, shared databases
//              this run created and the control plane dropped, then a count of what is left of
//              the run (roles, databases, schemas, vhosts: 0 expected). Safe to re-run.
//   all        the four in one process (the default; needs a quiet machine for the whole run).
//
// Environment (all optional):
//   SCALE_SCHEMA_TENANTS=1000   SCHEMA-mode tenants (provision)
//   SCALE_DATABASE_TENANTS=50   DATABASE-mode tenants, a database each (provision)
//   SCALE_RABBITMQ=1            0: tenant-manager provisions no RabbitMQ vhosts (provision)
//   SCALE_PROVISION_CONCURRENCY=4  tenants provisioned (and deleted) at a time
//   SCALE_POOLS=100             MULTI_TENANT_MAX_TENANT_POOLS of the ledger
//   SCALE_SECONDS=20            measured seconds per traffic phase (after SCALE_WARMUP_SECONDS=3)
//   SCALE_CONCURRENCY=32        requests in flight in the closed loops and the setup
//   SCALE_OPEN_FACTOR=0.8       open-loop rate as a share of the single-tenant c=32 rate
//   SCALE_RATE=0                open-loop rate in tx/s instead (0: from the factor)
//   SCALE_OPEN_MAX_IN_FLIGHT=512  unanswered requests beyond which a due request is dropped
//   SCALE_ZIPF_S=1.0            Zipf exponent of the skewed phases
//   SCALE_SINGLE_ACCOUNTS=1000  accounts of the single-tenant reference ledger
//   SCALE_MAX_PG_CONNECTIONS=450  stop the run if pg_stat_activity exceeds this
//   SCALE_STATE=/tmp/finplat-tenant-scale-state.json  where the fleet between phases is kept
//   BENCH_PG_URL, BENCH_LOG_LEVEL as for the other benchmarks
import os from 'node:os';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  LATE_MS,
  PG_ADMIN_URL,
  ROOT,
  adminQuery,
  analyzeLedger,
  cleanup,
  cpuBetween,
  cpuSnapshot,
  clientToken,
  createDatabase,
  dropGateways,
  ensureBuilt,
  httpClient,
  inParallel,
  log,
  managerCall,
  numberEnv,
  onCleanup,
  percentile,
  pgUrl,
  provisionTenantWithToken,
  rabbitApi,
  removeSharedInfrastructureWeCreated,
  removeTenantDirectly,
  runOpenLoop,
  runPhase,
  setupLedgerAccounts,
  sharedInfrastructure,
  sleep,
  startApp,
  startTenantManager,
  state,
} from './lib/harness.mjs';

const SCHEMA_TENANTS = numberEnv('SCALE_SCHEMA_TENANTS', 1000, 0);
const DATABASE_TENANTS = numberEnv('SCALE_DATABASE_TENANTS', 50, 0);
const POOLS = numberEnv('SCALE_POOLS', 100, 1);
const SECONDS = numberEnv('SCALE_SECONDS', 20, 0.1);
const WARMUP_SECONDS = numberEnv('SCALE_WARMUP_SECONDS', 3, 0);
const CONCURRENCY = numberEnv('SCALE_CONCURRENCY', 32, 1);
const OPEN_FACTOR = numberEnv('SCALE_OPEN_FACTOR', 0.8, 0.01);
const FIXED_RATE = numberEnv('SCALE_RATE', 0, 0);
const OPEN_MAX_IN_FLIGHT = numberEnv('SCALE_OPEN_MAX_IN_FLIGHT', 512, 1);
const ZIPF_S = numberEnv('SCALE_ZIPF_S', 1.0, 0);
const SINGLE_ACCOUNTS = numberEnv('SCALE_SINGLE_ACCOUNTS', 1000, 2);
const PROVISION_CONCURRENCY = numberEnv('SCALE_PROVISION_CONCURRENCY', 4, 1);
const RABBITMQ = (process.env.SCALE_RABBITMQ ?? '1') !== '0';
const MAX_PG_CONNECTIONS = numberEnv('SCALE_MAX_PG_CONNECTIONS', 450, 1);
const STATE_PATH = process.env.SCALE_STATE ?? '/tmp/finplat-tenant-scale-state.json';
/** Another build of the ledger for the fleet (e.g. a "before" copy of dist/apps/ledger/main.js). */
const LEDGER_MAIN = process.env.SCALE_LEDGER_MAIN || undefined;
const SAMPLE_MS = 500;
const AMOUNT = '1.00';
/** Tokens live an hour (tenant-manager's TOKEN_TTL_SEC); older than this, mint new ones. */
const TOKEN_REFRESH_MS = 30 * 60_000;
/** The ledger migration the migrate phase undoes and lets the ledger apply again. */
const NEW_MIGRATION = {
  name: 'CreateFees1766300000000',
  tables: ['billing_package', 'fee_package'],
};
const MEMORY_PROBE = join(ROOT, 'tools/bench/lib/memory-probe.cjs');

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const seconds = (ms) => `${fmt(ms / 1000)} s`;
const mib = (bytes) => fmt(bytes / 2 ** 20, 0);
const load = () =>
  os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');
const utc = () => new Date().toISOString().slice(0, 19).replace('T', ' ');
const quote = (name) => `"${name.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------------------------
// The fleet's state between phases.

function readState() {
  if (!existsSync(STATE_PATH))
    throw new Error(`no fleet at ${STATE_PATH}: run the provision phase first`);
  return JSON.parse(readFileSync(STATE_PATH, 'utf8'));
}

function saveState(fleet) {
  writeFileSync(STATE_PATH, `${JSON.stringify(fleet, null, 1)}\n`);
}

function startScaleTenantManager(fleet) {
  return startTenantManager(
    {
      // The reconciler would walk every tenant each minute while we measure.
      TENANT_MANAGER_RECONCILE_INTERVAL_SEC: '0',
      ...(fleet.rabbitmq ? {} : { RABBITMQ_MANAGEMENT_URL: 'off' }),
    },
    { controlPlane: fleet.controlPlane, adminKey: fleet.adminKey, serviceKey: fleet.serviceKey },
  );
}

/** Tokens minted more than TOKEN_REFRESH_MS ago are replaced (they expire after an hour). */
async function freshTokens(tm, fleet) {
  const stale = fleet.tenants.filter(
    (t) => t.credentials && Date.now() - t.tokenAt > TOKEN_REFRESH_MS,
  );
  if (!stale.length) return;
  const t0 = performance.now();
  await inParallel(stale, 16, async (t) => {
    t.token = await clientToken(tm, t.credentials);
    t.tokenAt = Date.now();
  });
  saveState(fleet);
  log(`tokens: ${stale.length} refreshed in ${seconds(performance.now() - t0)}`);
}

/** The fleet ledger's own tenancy settings, passed through from the bench's environment. */
const PASSED_THROUGH = ['MULTI_TENANT_IDLE_TIMEOUT_SEC', 'MULTI_TENANT_MAX_TENANT_BROKERS'];

function startFleetLedger(tm, nodeArgs = []) {
  return startApp(
    'ledger',
    {
      MULTI_TENANT_ENABLED: 'true',
      PLUGIN_AUTH_ENABLED: 'true',
      MULTI_TENANT_URL: tm.manager.url,
      MULTI_TENANT_SERVICE_API_KEY: tm.serviceKey,
      MULTI_TENANT_MAX_TENANT_POOLS: String(POOLS),
      ...Object.fromEntries(
        PASSED_THROUGH.filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
      ),
    },
    { nodeArgs, main: LEDGER_MAIN },
  );
}

async function preamble(title) {
  const admin = new pg.Client({
    connectionString: PG_ADMIN_URL,
    application_name: 'scale-sampler',
  });
  await admin.connect();
  onCleanup('close sampler connection', () => admin.end());
  const [{ max_connections: maxConnections }] = (await admin.query('SHOW max_connections')).rows;
  const [{ n: connections }] = (
    await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
    )
  ).rows;
  const cpus = os.cpus();
  log(`tenant scale benchmark: ${title} (${utc()} UTC)`);
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB; load average ${load()}`,
  );
  log(`PostgreSQL max_connections=${maxConnections}, ${connections} client connections now`);
  return { admin, maxConnections: Number(maxConnections) };
}

// ---------------------------------------------------------------------------------------------
// provision

/** RabbitMQ's node limits, and whether the fleet's vhosts and connections fit them. */
async function checkRabbitmq(total) {
  const res = await rabbitApi('GET', '/nodes').catch(() => undefined);
  if (!res?.ok)
    throw new Error('RabbitMQ management API unreachable (SCALE_RABBITMQ=0 to skip vhosts)');
  const [node] = await res.json();
  const limits = await (await rabbitApi('GET', '/vhost-limits')).json().catch(() => []);
  log(
    `RabbitMQ: sockets ${node.sockets_used}/${node.sockets_total}, file descriptors ${node.fd_used}/${node.fd_total}, ` +
      `memory ${mib(node.mem_used)}/${mib(node.mem_limit)} MiB, vhost limits set: ${limits.length}`,
  );
  // A multi-tenant ledger holds a publisher and a consumer connection per tenant it writes for.
  const needed = 2 * total;
  if (needed > node.sockets_total - node.sockets_used - 100)
    throw new Error(
      `the ledger would open ~${needed} AMQP connections (a publisher and a consumer per tenant written to) ` +
        `and RabbitMQ accepts ${node.sockets_total - node.sockets_used} more sockets: ` +
        'raise its file-descriptor limit or run with SCALE_RABBITMQ=0',
    );
}

async function removeTenantDatabases(id) {
  const rows = await adminQuery("SELECT datname FROM pg_database WHERE datname LIKE '%\\_' || $1", [
    id,
  ]);
  for (const { datname } of rows)
    await adminQuery(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
}

async function deleteTenant(tm, id) {
  const res = await managerCall(tm, 'DELETE', `/v1/tenants/${id}`).catch((error) => ({
    status: 0,
    body: error.message,
  }));
  if (res.status === 204 || res.status === 404) return true;
  process.stderr.write(`delete: DELETE tenant ${id}: ${res.status} ${JSON.stringify(res.body)}\n`);
  await removeTenantDirectly(id);
  await removeTenantDatabases(id);
  return false;
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

/** Load average samples while `work` runs: the provisioning figures depend on them. */
async function withLoad(work) {
  const samples = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 5_000);
  try {
    const result = await work();
    samples.push(os.loadavg()[0]);
    return { result, load: `${fmt(Math.min(...samples), 2)}–${fmt(Math.max(...samples), 2)}` };
  } finally {
    clearInterval(timer);
  }
}

async function provision() {
  if (existsSync(STATE_PATH))
    throw new Error(`${STATE_PATH} exists: a fleet is still provisioned (run the delete phase)`);
  const total = SCHEMA_TENANTS + DATABASE_TENANTS;
  if (total < 1) throw new Error('SCALE_SCHEMA_TENANTS + SCALE_DATABASE_TENANTS must be >= 1');
  await preamble('provision');
  if (RABBITMQ) await checkRabbitmq(total);
  const run = randomBytes(4).toString('hex');
  const fleet = {
    run,
    createdAt: new Date().toISOString(),
    rabbitmq: RABBITMQ,
    controlPlane: `bench_tm_${run}_scale`,
    adminKey: `admin-${randomBytes(12).toString('hex')}`,
    serviceKey: `svc-${randomBytes(12).toString('hex')}`,
    sharedBefore: Object.fromEntries(await sharedInfrastructure()),
    provisioned: false,
    tenants: [
      // DATABASE tenants first: their CREATE DATABASE is the slow part, measured apart.
      ...Array.from({ length: DATABASE_TENANTS }, (_, i) => ({
        id: `scale-${run}-d${i}`,
        isolation: 'DATABASE',
      })),
      ...Array.from({ length: SCHEMA_TENANTS }, (_, i) => ({
        id: `scale-${run}-s${i}`,
        isolation: 'SCHEMA',
      })),
    ],
  };
  log(
    `fleet ${run}: ${SCHEMA_TENANTS} SCHEMA + ${DATABASE_TENANTS} DATABASE tenants, ` +
      `${PROVISION_CONCURRENCY} at a time, RabbitMQ vhosts ${RABBITMQ ? 'on' : 'off'}; state in ${STATE_PATH}`,
  );
  // Written before anything is made: a run killed half-way is still removed by `delete`.
  saveState(fleet);
  await adminQuery(`CREATE DATABASE ${quote(fleet.controlPlane)}`);
  let done = false;
  onCleanup('delete the fleet made so far (provisioning failed)', async () => {
    if (!done) await deleteFleet(fleet);
  });
  const tm = await startScaleTenantManager(fleet);
  const times = { SCHEMA: [], DATABASE: [] };
  let made = 0;
  const { result: wall, load: provisionLoad } = await withLoad(async () => {
    const t0 = performance.now();
    await inParallel(fleet.tenants, PROVISION_CONCURRENCY, async (t) => {
      const s = performance.now();
      const { created, token, credentials } = await provisionTenantWithToken(tm, {
        id: t.id,
        name: `Scale ${t.id}`,
        isolation: { ledger: t.isolation, tracer: 'SCHEMA', reporter: 'SCHEMA' },
      });
      times[t.isolation].push(performance.now() - s);
      Object.assign(t, {
        token,
        tokenAt: Date.now(),
        credentials,
        database: created.services?.ledger?.database,
        schema: created.services?.ledger?.schema ?? 'public',
      });
      made += 1;
      if (made % 50 === 0) {
        saveState(fleet);
        log(`  ${made}/${total} provisioned (${seconds(performance.now() - t0)}, load ${load()})`);
      }
    });
    if (state.aborted) throw new Error('aborted');
    return performance.now() - t0;
  });
  saveState(fleet);
  log(
    `\nprovisioning: ${total} tenants in ${seconds(wall)} (${fmt(total / (wall / 1000), 2)} tenants/s, ` +
      `${PROVISION_CONCURRENCY} at a time, client + token included; load average ${provisionLoad})`,
  );
  log(`  ${statsLine('SCHEMA per tenant', times.SCHEMA)}`);
  log(`  ${statsLine('DATABASE per tenant', times.DATABASE)}`);

  const ledger = await startFleetLedger(tm);
  const client = httpClient(ledger.port, CONCURRENCY);
  const { result: setup, load: setupLoad } = await withLoad(() =>
    timedFirstTouch(fleet.tenants, async (t) => {
      const { org, base } = await setupLedgerAccounts(client, {
        name: `Scale ${t.id}`,
        aliases: ['@a', '@b'],
        funding: '1000000',
        as: t.token,
      });
      Object.assign(t, { org, base });
    }),
  );
  client.close();
  await ledger.stop();
  await tm.manager.stop();
  if (state.aborted) throw new Error('aborted');
  fleet.provisioned = true;
  fleet.provisioning = {
    at: fleet.createdAt,
    wallMs: wall,
    load: provisionLoad,
    schemaMs: times.SCHEMA,
    databaseMs: times.DATABASE,
    setupWallMs: setup.wall,
    setupLoad,
  };
  saveState(fleet);
  done = true;
  log(
    `setup + full migration set on ${total} fresh tenants (org, ledger, asset, 2 accounts, funding; ` +
      `${CONCURRENCY} at a time): ${seconds(setup.wall)} (${fmt(total / (setup.wall / 1000), 1)} tenants/s; ` +
      `load average ${setupLoad}); ${statsLine('per tenant', setup.latencies).replace(/^per tenant: \d+, /, '')}`,
  );
  log(`\nfleet ${run} kept for the measure, migrate and delete phases (${STATE_PATH})`);
  return fleet;
}

async function timedFirstTouch(tenants, fn) {
  const latencies = [];
  const t0 = performance.now();
  await inParallel(tenants, CONCURRENCY, async (t) => {
    const s = performance.now();
    await fn(t);
    latencies.push(performance.now() - s);
  });
  return { wall: performance.now() - t0, latencies };
}

// ---------------------------------------------------------------------------------------------
// delete

async function deleteFleet(fleet) {
  const t0 = performance.now();
  let tm;
  const { n: haveControlPlane } = (
    await adminQuery('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [
      fleet.controlPlane,
    ])
  )[0];
  if (haveControlPlane)
    tm = await startScaleTenantManager(fleet).catch((error) => {
      process.stderr.write(
        `delete: tenant-manager did not start (${error.message}): removing directly\n`,
      );
      return undefined;
    });
  let direct = 0;
  let count = 0;
  // Not inParallel: a Ctrl-C during deletion must not stop it half-way.
  const queue = [...fleet.tenants];
  await Promise.all(
    Array.from({ length: PROVISION_CONCURRENCY }, async () => {
      while (queue.length) {
        const t = queue.shift();
        const ok = tm ? await deleteTenant(tm, t.id) : false;
        if (!tm) {
          await removeTenantDirectly(t.id);
          await removeTenantDatabases(t.id);
        }
        if (!ok) direct += 1;
        count += 1;
        if (count % 100 === 0)
          log(`  ${count}/${fleet.tenants.length} deleted (${seconds(performance.now() - t0)})`);
      }
    }),
  );
  const wall = performance.now() - t0;
  if (tm) await tm.manager.stop();
  if (haveControlPlane) {
    await dropGateways(fleet.controlPlane).catch((error) =>
      process.stderr.write(`delete: gateways: ${error.message}\n`),
    );
    await adminQuery(`DROP DATABASE IF EXISTS ${quote(fleet.controlPlane)} WITH (FORCE)`);
  }
  await removeSharedInfrastructureWeCreated(new Map(Object.entries(fleet.sharedBefore ?? {})));
  log(
    `deletion: ${fleet.tenants.length} tenants in ${seconds(wall)} (${fmt(fleet.tenants.length / (wall / 1000), 2)} tenants/s, ` +
      `${PROVISION_CONCURRENCY} at a time; load average ${load()})` +
      (direct ? `; ${direct} removed directly` : ''),
  );
  const left = await leftovers(fleet.run);
  log(
    `left of fleet ${fleet.run}: ${left.roles} roles, ${left.databases} databases, ${left.schemas} schemas, ${left.vhosts} vhosts`,
  );
  if (left.roles + left.databases + left.schemas + left.vhosts === 0)
    rmSync(STATE_PATH, { force: true });
  else
    process.stderr.write(`delete: something of fleet ${fleet.run} is left; ${STATE_PATH} kept\n`);
  return left;
}

async function leftovers(run) {
  const like = `%${run}%`;
  const [{ n: roles }] = await adminQuery(
    'SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE $1',
    [like],
  );
  const [{ n: databases }] = await adminQuery(
    'SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE $1',
    [like],
  );
  let schemas = 0;
  for (const service of ['ledger', 'tracer', 'reporter']) {
    const [exists] = await adminQuery('SELECT 1 AS x FROM pg_database WHERE datname = $1', [
      `${service}_tenants`,
    ]);
    if (!exists) continue;
    const [{ n }] = await adminQuery(
      'SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE $1',
      [like],
      `${service}_tenants`,
    );
    schemas += n;
  }
  let vhosts = 0;
  const res = await rabbitApi('GET', '/vhosts').catch(() => undefined);
  if (res?.ok) vhosts = (await res.json()).filter((v) => v.name.includes(run)).length;
  return { roles, databases, schemas, vhosts };
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

/** Private (anonymous) resident memory of a process: a PostgreSQL backend's own caches. */
function rssAnonBytes(pid) {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function startSamplers(pid, sampler, databases) {
  const s = {
    rss: [],
    total: [],
    tenant: [],
    backendMem: [],
    gatewayMem: [],
    states: {},
    over: undefined,
  };
  let stopped = false;
  const cpu0 = cpuSnapshot(pid);
  const loop = (async () => {
    while (!stopped) {
      s.rss.push(rssBytes(pid));
      try {
        const { rows } = await sampler.query(
          `SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE datname = ANY($1::text[]))::int AS tenant,
                  array_agg(pid) FILTER (WHERE datname = ANY($1::text[])) AS pids,
                  array_agg(pid) FILTER (WHERE datname = 'ledger_tenants') AS gateway
             FROM pg_stat_activity WHERE backend_type = 'client backend'`,
          [databases],
        );
        s.total.push(rows[0].total);
        s.tenant.push(rows[0].tenant);
        s.backendMem.push((rows[0].pids ?? []).reduce((t, p) => t + rssAnonBytes(p), 0));
        const gateway = rows[0].gateway ?? [];
        const gatewayMem = gateway.reduce((t, p) => t + rssAnonBytes(p), 0);
        if (gateway.length) s.gatewayMem.push(gatewayMem / gateway.length);
        // What the fleet's backends are doing (a second query: the view is sampled afresh).
        const { rows: states } = await sampler.query(
          `SELECT CASE
                    WHEN state = 'idle' THEN 'idle'
                    WHEN wait_event IN ('WALWrite', 'WALSync', 'WALInsert', 'WALBufMapping') THEN 'WAL'
                    WHEN wait_event_type = 'IO' THEN 'read'
                    WHEN wait_event_type = 'Lock' THEN 'lock'
                    WHEN wait_event_type = 'Client' THEN 'client'
                    WHEN wait_event IS NULL THEN 'cpu'
                    ELSE 'other' END AS what, count(*)::int AS n
             FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND datname = ANY($1::text[])
            GROUP BY 1`,
          [databases],
        );
        for (const { what, n } of states) s.states[what] = (s.states[what] ?? 0) + n;
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
      const observed = Object.values(s.states).reduce((t, n) => t + n, 0);
      return {
        cpu: cpuBetween(cpu0, cpuSnapshot(pid)),
        backendStates: Object.fromEntries(
          Object.entries(s.states).map(([k, n]) => [k, n / Math.max(1, observed)]),
        ),
        rssMax: max(s.rss),
        pgMax: max(s.total),
        tenantMax: max(s.tenant),
        backendMemMax: max(s.backendMem),
        gatewayMemMax: max(s.gatewayMem),
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
    memoryHits: sum('tenant_config_cache_hits_total', (l) => l.includes('layer="memory"')),
    memoryMisses: sum('tenant_config_cache_misses_total', (l) => l.includes('layer="memory"')),
    evictions: sum('tenant_pool_evictions_total'),
    waits: sum('tenant_pool_waits_total'),
    waitTimeouts: sum('tenant_pool_wait_timeouts_total'),
    open: sum('tenant_pools_open'),
    // Group commit: postings per batch (a batch never mixes tenants, decision 0011).
    batches: sum('ledger_posting_batch_size_count'),
    postings: sum('ledger_posting_batch_size_sum'),
  };
}

/** RabbitMQ connections to the fleet's vhosts (undefined without vhosts). */
async function amqpConnections(fleet) {
  if (!fleet.rabbitmq) return undefined;
  const res = await rabbitApi('GET', '/connections?columns=vhost').catch(() => undefined);
  if (!res?.ok) return undefined;
  return (await res.json()).filter((c) => String(c.vhost).includes(fleet.run)).length;
}

/** A full GC in the ledger, then its process.memoryUsage() (tools/bench/lib/memory-probe.cjs). */
const probesSent = new Map();

async function memoryProbe(app) {
  const n = (probesSent.get(app.pid) ?? 0) + 1;
  probesSent.set(app.pid, n);
  const marker = `MEMORY-PROBE ${n} `;
  process.kill(app.pid, 'SIGWINCH');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const out = app.output();
    const at = out.lastIndexOf(marker);
    const eol = at >= 0 ? out.indexOf('\n', at) : -1;
    if (eol > 0) return JSON.parse(out.slice(at + marker.length, eol));
    await sleep(50);
  }
  throw new Error('the ledger did not answer the memory probe');
}

// ---------------------------------------------------------------------------------------------
// Traffic.

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

function shuffled(n) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

let seq = 0;
const RUN_TAG = randomBytes(3).toString('hex');

/** A 1.00 USD transfer between two distinct accounts of the tenant `pick()` names. */
function transferOp(client, tenants, pick) {
  return async () => {
    const t = tenants[pick()];
    const aliases = t.aliases ?? ['@a', '@b'];
    const a = randomInt(aliases.length);
    let b = randomInt(aliases.length - 1);
    if (b >= a) b += 1;
    seq += 1;
    const res = await client.request(
      'POST',
      `${t.base}/transactions/json`,
      {
        description: `scale ${RUN_TAG} ${seq}`,
        send: {
          asset: 'USD',
          value: AMOUNT,
          source: { from: [{ accountAlias: aliases[a], amount: { asset: 'USD', value: AMOUNT } }] },
          distribute: {
            to: [{ accountAlias: aliases[b], amount: { asset: 'USD', value: AMOUNT } }],
          },
        },
      },
      false,
      t.token,
    );
    return res.status === 201
      ? { ok: true }
      : {
          ok: false,
          error: `${t.id ?? 'single'}: HTTP ${res.status} ${(res.text ?? '').slice(0, 300)}`,
        };
  };
}

function summarize(name, r, extra = {}) {
  const sorted = Float64Array.from(r.latencies).sort();
  return {
    name,
    tps: r.ok / r.elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
    ok: r.ok,
    errors: r.errors,
    dropped: r.dropped ?? 0,
    late: r.late ?? 0,
    offered: r.offered,
    firstError: r.firstError,
    ...extra,
  };
}

/**
 * One measured traffic phase over the fleet: closed loop at CONCURRENCY, or open loop at
 * `rate`; with the tenancy metrics, RSS and connection samples around it.
 */
async function trafficPhase(name, ledger, ctx, pick, rate) {
  const distinct = new Set();
  const counted = () => {
    const k = pick();
    distinct.add(k);
    return k;
  };
  const client = rate ? ctx.openClient : ctx.client;
  if (WARMUP_SECONDS > 0) {
    const warm = transferOp(client, ctx.tenants, pick);
    if (rate) await runOpenLoop(rate, WARMUP_SECONDS, OPEN_MAX_IN_FLIGHT, warm);
    else await runPhase(CONCURRENCY, WARMUP_SECONDS, 0, warm, false);
  }
  const m0 = await tenancySeries(ledger.url);
  const samplers = startSamplers(ledger.pid, ctx.admin, ctx.tenantDatabases);
  const op = transferOp(client, ctx.tenants, counted);
  const r = rate
    ? await runOpenLoop(rate, SECONDS, OPEN_MAX_IN_FLIGHT, op)
    : await runPhase(CONCURRENCY, SECONDS, 0, op, true);
  const sampled = await samplers.stop();
  const m1 = await tenancySeries(ledger.url);
  const lookups = m1.memoryHits - m0.memoryHits + (m1.memoryMisses - m0.memoryMisses);
  const result = summarize(name, r, {
    rate,
    tenantsHit: distinct.size,
    cacheHitRate: lookups > 0 ? (m1.memoryHits - m0.memoryHits) / lookups : NaN,
    evictionsPerSec: (m1.evictions - m0.evictions) / ((m1.at - m0.at) / 1000),
    waits: m1.waits - m0.waits,
    poolsOpen: m1.open,
    meanBatch: (m1.postings - m0.postings) / Math.max(1, m1.batches - m0.batches),
    load: os.loadavg()[0],
    ...sampled,
  });
  log(
    `  ${name.padEnd(20)} ${fmt(result.tps).padStart(7)} tx/s  p50 ${fmt(result.p50, 2)} ms  p99 ${fmt(result.p99, 2)} ms` +
      `  errors ${result.errors}` +
      (rate ? `  dropped ${result.dropped}  late ${result.late}/${result.offered}` : '') +
      (result.firstError ? ` (first: ${result.firstError})` : '') +
      `  tenants hit ${result.tenantsHit}/${ctx.tenants.length}  load ${fmt(result.load, 2)}`,
  );
  log(
    `  ${''.padEnd(20)} ${cpuLine(result)}; ` +
      `the fleet's PostgreSQL backends: ${Object.entries(result.backendStates)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${fmt(v * 100, 0)}%`)
        .join(', ')}`,
  );
  return result;
}

/** Cores used during a phase (1.00 = one core busy), by whom, and postings per batch. */
function cpuLine({ cpu, meanBatch }) {
  return (
    `cores used: ledger ${fmt(cpu.app, 2)}, PostgreSQL ${fmt(cpu.pg, 2)}, load generator ${fmt(cpu.bench, 2)}, ` +
    `RabbitMQ ${fmt(cpu.broker, 2)}, interrupts ${fmt(cpu.irq, 2)}, other ${fmt(cpu.other, 2)} ` +
    `(host ${fmt(cpu.host, 2)} of ${os.cpus().length}); batch ${fmt(meanBatch, 2)}`
  );
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The reference: a single-tenant ledger as `npm run bench` runs it, closed loop at c=32. */
async function singleTenantReference() {
  const database = await createDatabase('bench_ledger');
  const app = await startApp('ledger', { DATABASE_URL: pgUrl(database) });
  const setupClient = httpClient(app.port, 16);
  const aliases = Array.from(
    { length: SINGLE_ACCOUNTS },
    (_, i) => `@acct-${String(i + 1).padStart(4, '0')}`,
  );
  const t0 = performance.now();
  const { base } = await setupLedgerAccounts(setupClient, {
    name: `Scale single ${RUN_TAG}`,
    aliases,
    funding: '1000000',
    inFlight: 16,
  });
  setupClient.close();
  await analyzeLedger(database, 'public');
  log(
    `single-tenant reference: ${SINGLE_ACCOUNTS} accounts set up in ${seconds(performance.now() - t0)}`,
  );
  const client = httpClient(app.port, CONCURRENCY);
  const tenants = [{ base, aliases }];
  if (WARMUP_SECONDS > 0)
    await runPhase(
      CONCURRENCY,
      WARMUP_SECONDS,
      0,
      transferOp(client, tenants, () => 0),
      false,
    );
  const m0 = await tenancySeries(app.url);
  const cpu0 = cpuSnapshot(app.pid);
  const r = await runPhase(
    CONCURRENCY,
    SECONDS,
    0,
    transferOp(client, tenants, () => 0),
    true,
  );
  const cpu = cpuBetween(cpu0, cpuSnapshot(app.pid));
  const m1 = await tenancySeries(app.url);
  client.close();
  await app.stop();
  await adminQuery(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
  const result = summarize(`single-tenant c=${CONCURRENCY}`, r, {
    load: os.loadavg()[0],
    meanBatch: (m1.postings - m0.postings) / Math.max(1, m1.batches - m0.batches),
    cpu,
  });
  log(
    `  ${result.name.padEnd(20)} ${fmt(result.tps).padStart(7)} tx/s  p50 ${fmt(result.p50, 2)} ms  p99 ${fmt(result.p99, 2)} ms` +
      `  errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}  load ${fmt(result.load, 2)}`,
  );
  log(`  ${''.padEnd(20)} ${cpuLine(result)}`);
  return result;
}

async function measure(fleet) {
  fleet ??= readState();
  if (!fleet.provisioned) throw new Error(`fleet ${fleet.run} is not fully provisioned: delete it`);
  const { admin, maxConnections } = await preamble('measure');
  const tenants = fleet.tenants;
  log(
    `fleet ${fleet.run}: ${tenants.filter((t) => t.isolation === 'SCHEMA').length} SCHEMA + ` +
      `${tenants.filter((t) => t.isolation === 'DATABASE').length} DATABASE tenants, MULTI_TENANT_MAX_TENANT_POOLS=${POOLS}, ` +
      `${WARMUP_SECONDS} s warm-up + ${SECONDS} s per phase, RabbitMQ vhosts ${fleet.rabbitmq ? 'on' : 'off'}`,
  );
  const tm = await startScaleTenantManager(fleet);
  await freshTokens(tm, fleet);

  log('\nreference:');
  const single = await singleTenantReference();
  const rate = FIXED_RATE || Math.max(1, Math.round(single.tps * OPEN_FACTOR));

  const ledger = await startFleetLedger(tm, ['--expose-gc', '--require', MEMORY_PROBE]);
  const ctx = {
    admin,
    tenants,
    tenantDatabases: [
      'ledger_tenants',
      ...tenants.filter((t) => t.isolation === 'DATABASE').map((t) => t.database),
    ],
    client: httpClient(ledger.port, CONCURRENCY),
    openClient: httpClient(ledger.port, OPEN_MAX_IN_FLIGHT),
  };
  onCleanup('close the load clients', () => {
    ctx.client.close();
    ctx.openClient.close();
  });

  // What the ledger keeps per tenant: retained heap after touching N, 2N, then 2N again.
  log('\nmemory after a full GC (one transfer per tenant touched):');
  const probes = [
    { label: 'started, no tenant touched', touched: 0, ...(await memoryProbe(ledger)) },
  ];
  const half = Math.ceil(tenants.length / 2);
  const touch = async (list, label, touched) => {
    const op = transferOp(
      ctx.client,
      list,
      (() => {
        let i = 0;
        return () => i++;
      })(),
    );
    let errors = 0;
    let firstError;
    const t0 = performance.now();
    await inParallel(list, CONCURRENCY, async () => {
      const outcome = await op().catch((error) => ({ ok: false, error: error.message }));
      if (!outcome.ok) {
        errors += 1;
        firstError ??= outcome.error;
      }
    });
    const wall = performance.now() - t0;
    await sleep(1_000); // let the relay rounds and pool returns of the last requests settle
    probes.push({
      label,
      touched,
      wall,
      errors,
      firstError,
      amqp: await amqpConnections(fleet),
      ...(await memoryProbe(ledger)),
    });
  };
  await touch(tenants.slice(0, half), `first ${half} tenants touched (first request each)`, half);
  await touch(tenants.slice(half), `all ${tenants.length} touched`, tenants.length);
  await touch(tenants, `all ${tenants.length} touched again`, tenants.length);
  for (const p of probes)
    log(
      `  ${p.label.padEnd(44)} heap used ${mib(p.heapUsed).padStart(4)} MiB  external ${mib(p.external).padStart(3)} MiB  ` +
        `RSS ${mib(p.rss).padStart(4)} MiB` +
        (p.amqp === undefined ? '' : `  AMQP connections ${p.amqp}`) +
        (p.wall
          ? `  (${seconds(p.wall)}, errors ${p.errors}${p.firstError ? `: ${p.firstError}` : ''})`
          : ''),
    );
  // With no request at all: what the ledger spends on the tenants it now follows (outbox
  // relay rounds, pool and cache upkeep).
  const idle0 = cpuSnapshot(ledger.pid);
  await sleep(5_000);
  const idleCpu = cpuBetween(idle0, cpuSnapshot(ledger.pid));
  log(
    `  no traffic for 5 s after touching every tenant: ledger ${fmt(idleCpu.app, 2)} cores, PostgreSQL ${fmt(idleCpu.pg, 2)}`,
  );
  const idleSec = Number(process.env.MULTI_TENANT_IDLE_TIMEOUT_SEC);
  if (fleet.rabbitmq && idleSec > 0 && idleSec <= 60) {
    // The relay's sweep runs every pollMs; past the idle timeout idle tenants are let go.
    await sleep(idleSec * 1000 + 3_000);
    probes.push({
      label: `idle for ${idleSec + 3} s (MULTI_TENANT_IDLE_TIMEOUT_SEC=${idleSec})`,
      touched: tenants.length,
      amqp: await amqpConnections(fleet),
      ...(await memoryProbe(ledger)),
    });
    log(
      `  ${probes.at(-1).label.padEnd(44)} heap used ${mib(probes.at(-1).heapUsed).padStart(4)} MiB  ` +
        `external ${mib(probes.at(-1).external).padStart(3)} MiB  RSS ${mib(probes.at(-1).rss).padStart(4)} MiB  ` +
        `AMQP connections ${probes.at(-1).amqp}`,
    );
  }
  const perTenant = (a, b) =>
    (b.heapUsed + b.external - a.heapUsed - a.external) / Math.max(1, b.touched - a.touched);
  const firstHalf = perTenant(probes[0], probes[1]);
  const secondHalf = perTenant(probes[1], probes[2]);
  const again = probes[3].heapUsed + probes[3].external - probes[2].heapUsed - probes[2].external;
  log(
    `  retained per tenant touched (heap used + external): ${fmt(firstHalf / 1024)} KiB over the first ${half}, ` +
      `${fmt(secondHalf / 1024)} KiB over the next ${tenants.length - half}; touching all again: ${fmt(again / 2 ** 20)} MiB`,
  );

  log('\ntraffic (closed loop):');
  const order = shuffled(tenants.length); // Zipf ranks: SCHEMA and DATABASE tenants mix among the hot ones
  const zipf = zipfPicker(tenants.length, ZIPF_S);
  const uniform = () => randomInt(tenants.length);
  const skewed = () => order[zipf()];
  const results = [];
  results.push(await trafficPhase(`uniform c=${CONCURRENCY}`, ledger, ctx, uniform, 0));
  if (!state.aborted)
    results.push(await trafficPhase(`zipf ${ZIPF_S} c=${CONCURRENCY}`, ledger, ctx, skewed, 0));
  log(
    `\ntraffic (open loop at ${rate} tx/s = ${FIXED_RATE ? 'SCALE_RATE' : `${OPEN_FACTOR} × single-tenant ${fmt(single.tps)} tx/s`}, ` +
      `latency from when each request was due, late > ${LATE_MS} ms, dropped at ${OPEN_MAX_IN_FLIGHT} unanswered):`,
  );
  if (!state.aborted)
    results.push(await trafficPhase(`uniform @${rate}/s`, ledger, ctx, uniform, rate));
  if (!state.aborted)
    results.push(await trafficPhase(`zipf ${ZIPF_S} @${rate}/s`, ledger, ctx, skewed, rate));
  const after = await memoryProbe(ledger);
  log(
    `\nmemory after the traffic, after a full GC: heap used ${mib(after.heapUsed)} MiB, external ${mib(after.external)} MiB, RSS ${mib(after.rss)} MiB`,
  );
  ctx.client.close();
  ctx.openClient.close();
  await ledger.stop();
  await tm.manager.stop();

  log(
    `\n${table(
      [
        'phase',
        'tx/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'dropped',
        'late',
        'batch',
        'cache hit',
        'evict/s',
        'waits',
        'pools',
        'RSS max MiB',
        'PG conns max',
        'tenant-db conns max',
        'their memory MiB',
        'per gateway backend MiB',
        'load',
      ],
      [single, ...results].map((r) => [
        r.name,
        fmt(r.tps),
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        fmt(r.max, 1),
        r.errors,
        r.rate ? r.dropped : '-',
        r.rate ? r.late : '-',
        fmt(r.meanBatch, 2),
        r.cacheHitRate === undefined ? '-' : `${fmt(r.cacheHitRate * 100, 2)}%`,
        r.evictionsPerSec === undefined ? '-' : fmt(r.evictionsPerSec, 2),
        r.waits ?? '-',
        r.poolsOpen ?? '-',
        r.rssMax ? mib(r.rssMax) : '-',
        r.pgMax ?? '-',
        r.tenantMax ?? '-',
        r.backendMemMax === undefined ? '-' : mib(r.backendMemMax),
        r.gatewayMemMax === undefined ? '-' : mib(r.gatewayMemMax),
        fmt(r.load, 2),
      ]),
    )}`,
  );
  log(
    'batch: postings per group-commit batch (ledger_posting_batch_size); ' +
      "cache hit: share of tenant-config lookups answered by the ledger's memory cache; pools: tenant pools open at the end " +
      '(SCHEMA tenants share one gateway pool, each DATABASE tenant has its own); PG conns: every client backend of the server ' +
      "(other sessions' work included), tenant-db conns: those to ledger_tenants and the fleet's tenant databases, " +
      'their memory: the private resident memory (RssAnon) of those backends, summed (catalog caches grow with the schemas a backend touches); per gateway backend: the mean of those to ledger_tenants (the SCHEMA tenants shared pool)',
  );
  const rssMax = Math.max(...results.map((r) => r.rssMax), after.rss);
  log(
    `\nissue 12 targets: p99 < 50 ms at 0.8 × the single-tenant c=${CONCURRENCY} throughput (${fmt(single.tps)} × 0.8 = ${fmt(single.tps * 0.8)} tx/s), RSS < 1 GiB, no errors`,
  );
  for (const r of results.filter((x) => x.rate)) {
    const failed = r.errors + r.dropped;
    log(
      `  ${r.name.padEnd(20)}: p99 ${fmt(r.p99, 2)} ms ${r.p99 < 50 ? '<' : '>='} 50 at ${fmt(r.tps)} tx/s achieved of ${r.rate} offered ` +
        `(${r.tps >= 0.98 * r.rate ? 'sustained' : 'NOT sustained'}); errors + dropped ${failed}, late ${r.late} → ` +
        `${r.p99 < 50 && failed === 0 && r.tps >= 0.98 * r.rate ? 'met' : 'NOT met'}`,
    );
  }
  log(
    `  RSS peak ${mib(rssMax)} MiB ${rssMax < 2 ** 30 ? '< 1 GiB: met' : '>= 1 GiB: NOT met'}; ` +
      `PostgreSQL connections max ${Math.max(...results.map((r) => r.pgMax))} of ${maxConnections}`,
  );
  fleet.measurements = [
    ...(fleet.measurements ?? []),
    { at: new Date().toISOString(), single, probes, idleCpu, after, results, rate },
  ];
  saveState(fleet);
  return fleet;
}

// ---------------------------------------------------------------------------------------------
// migrate

/** Undoes NEW_MIGRATION in every tenant (ledger stopped): its tables and its applied row go. */
async function undoMigration(fleet) {
  const byDatabase = new Map();
  for (const t of fleet.tenants) {
    const list = byDatabase.get(t.database) ?? [];
    list.push(t.schema);
    byDatabase.set(t.database, list);
  }
  for (const [database, schemas] of byDatabase) {
    const client = new pg.Client({ connectionString: pgUrl(database) });
    await client.connect();
    try {
      for (const schema of schemas) {
        await client.query(
          `DROP TABLE IF EXISTS ${NEW_MIGRATION.tables.map((t) => `${quote(schema)}.${t}`).join(', ')};
           DELETE FROM ${quote(schema)}.schema_migrations WHERE name = '${NEW_MIGRATION.name}'`,
        );
      }
    } finally {
      await client.end();
    }
  }
}

/** How many tenants have NEW_MIGRATION applied (its row and its tables). */
async function migratedCount(fleet) {
  let n = 0;
  const byDatabase = new Map();
  for (const t of fleet.tenants)
    byDatabase.set(t.database, [...(byDatabase.get(t.database) ?? []), t.schema]);
  for (const [database, schemas] of byDatabase) {
    const [{ count }] = await adminQuery(
      `SELECT count(*)::int AS count FROM unnest($1::text[]) AS s
        WHERE to_regclass(quote_ident(s) || '.fee_package') IS NOT NULL
          AND to_regclass(quote_ident(s) || '.billing_package') IS NOT NULL`,
      [schemas],
      database,
    );
    n += count;
  }
  return n;
}

async function firstTouchOfFleet(label, ledger, fleet) {
  const client = httpClient(ledger.port, CONCURRENCY);
  try {
    const r = await timedFirstTouch(fleet.tenants, async (t) => {
      const res = await client.request(
        'GET',
        `/v1/organizations/${t.org}`,
        undefined,
        true,
        t.token,
      );
      if (res.status !== 200)
        throw new Error(`${t.id}: GET organization ${res.status} ${res.text}`);
    });
    log(
      `${label}: ${fleet.tenants.length} tenants in ${seconds(r.wall)} (${fmt(fleet.tenants.length / (r.wall / 1000))} tenants/s, ` +
        `${CONCURRENCY} at a time; load average ${load()}); ${statsLine('first request', r.latencies).replace(/^first request: \d+, /, 'first request ')}`,
    );
    return r;
  } finally {
    client.close();
  }
}

async function migrate(fleet) {
  fleet ??= readState();
  if (!fleet.provisioned) throw new Error(`fleet ${fleet.run} is not fully provisioned: delete it`);
  await preamble('migrate');
  const tm = await startScaleTenantManager(fleet);
  await freshTokens(tm, fleet);
  const t0 = performance.now();
  await undoMigration(fleet);
  log(
    `${NEW_MIGRATION.name} undone in ${fleet.tenants.length} tenants in ${seconds(performance.now() - t0)} ` +
      `(left applied: ${await migratedCount(fleet)})`,
  );
  let ledger = await startFleetLedger(tm);
  const applied = await firstTouchOfFleet(
    `\nwhole-fleet migration: ${NEW_MIGRATION.name} (2 tables, 3 indexes) applied by each tenant's first request`,
    ledger,
    fleet,
  );
  const count = await migratedCount(fleet);
  log(`  applied in ${count} of ${fleet.tenants.length} tenants`);
  await ledger.stop();
  ledger = await startFleetLedger(tm);
  const check = await firstTouchOfFleet(
    'up-to-date check after a restart (first request per tenant, nothing to apply)',
    ledger,
    fleet,
  );
  await ledger.stop();
  await tm.manager.stop();
  fleet.migrations = [
    ...(fleet.migrations ?? []),
    {
      at: new Date().toISOString(),
      appliedWallMs: applied.wall,
      appliedMs: applied.latencies,
      count,
      checkWallMs: check.wall,
      checkMs: check.latencies,
      load: os.loadavg()[0],
    },
  ];
  saveState(fleet);
  return fleet;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  ensureBuilt();
  const phase = process.argv[2] ?? 'all';
  switch (phase) {
    case 'provision':
      await provision();
      break;
    case 'measure':
      await measure();
      break;
    case 'migrate':
      await migrate();
      break;
    case 'delete':
      await deleteFleet(readState());
      break;
    case 'all': {
      const fleet = await provision();
      try {
        await measure(fleet);
        await migrate(fleet);
      } finally {
        await deleteFleet(fleet);
      }
      break;
    }
    default:
      throw new Error(`unknown phase ${phase}: all, provision, measure, migrate or delete`);
  }
}

main()
  .then(() => cleanup())
  .catch(async (error) => {
    if (!state.aborted) process.stderr.write(`\nbenchmark failed: ${error.stack ?? error}\n`);
    await cleanup();
    process.exitCode = 1;
  });
