// Shared helpers of the benchmarks under tools/bench/: environment parsing, a cleanup registry
// (run once, in reverse order, at the end, on failure and on Ctrl-C), PostgreSQL admin
// queries, starting the built apps, a lean keep-alive HTTP client, the closed-loop load phase,
// and a real tenant-manager with what it provisions (and how to remove it if it cannot).
// Only 127.0.0.1 is ever contacted.
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import pg from 'pg';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const env = process.env;

export function numberEnv(name, fallback, min = 0) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

export const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'warn';

export const pgHost = new URL(PG_ADMIN_URL).hostname;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(pgHost)) {
  throw new Error(`BENCH_PG_URL must point at this machine (127.0.0.1), not ${pgHost}`);
}

export const RUN = randomBytes(4).toString('hex');
export const log = (line = '') => process.stdout.write(`${line}\n`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup: registered as things are created, run once in reverse order (end, failure, Ctrl-C).

const cleanups = [];
const children = new Set();
let cleaning;
/** Set on SIGINT/SIGTERM: loops stop at their next turn. */
export const state = { aborted: false };

export function onCleanup(label, fn) {
  cleanups.push({ label, fn });
}

export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const { label, fn } = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        process.stderr.write(`cleanup: ${label} failed: ${error.message}\n`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (state.aborted) return;
    state.aborted = true;
    process.stderr.write(`\n${signal}: stopping and cleaning up…\n`);
    cleanup().finally(() => process.exit(130));
  });
}
// Last resort: never leave an app running behind us.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// PostgreSQL admin helpers.

export function pgUrl(database) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql, params = [], database = 'postgres') {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function createDatabase(prefix) {
  const name = `${prefix}_${RUN}_${randomBytes(2).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  onCleanup(`drop database ${name}`, () =>
    adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
  return name;
}

// ---------------------------------------------------------------------------------------------
// Processes.

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a built app (dist/apps/<name>/main.js, or `main`: another build of it) on a free port
 * and waits for /health.
 */
export async function startApp(name, appEnv, { nodeArgs = [], main = undefined } = {}) {
  const port = await freePort();
  // The ledger's own tuning variables (LEDGER_POSTING_*) reach it from the bench's environment.
  const tuning =
    name === 'ledger'
      ? Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('LEDGER_POSTING_')))
      : {};
  const entry = main ?? join(ROOT, 'dist/apps', name, 'main.js');
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: { PATH: env.PATH ?? '', LOG_LEVEL: LOG_LEVEL, ...tuning, ...appEnv, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C reaches only us, so we can still deprovision through it.
    detached: true,
  });
  children.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(`stop ${name}`, stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return { name, url, port, pid: child.pid, output: () => output, stop };
}

// ---------------------------------------------------------------------------------------------
// A lean HTTP client (node:http, keep-alive), cheaper than fetch on a 2-core box.

export function httpClient(port, maxSockets, token) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const base = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) base.authorization = `Bearer ${token}`;
  return {
    /** `as` (a bearer token) overrides the client's own: one client can speak for many tenants. */
    request(method, path, body, wantBody = true, as = undefined) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      let headers = payload ? { ...base, 'content-length': Buffer.byteLength(payload) } : base;
      if (as) headers = { ...headers, authorization: `Bearer ${as}` };
      return new Promise((resolveRes, reject) => {
        const req = http.request(
          { agent, host: '127.0.0.1', port, method, path, headers },
          (res) => {
            const status = res.statusCode;
            if (!wantBody && status === 201) {
              res.resume();
              res.on('end', () => resolveRes({ status }));
              return;
            }
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolveRes({ status, text }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

export async function expectCreated(promise, what) {
  const res = await promise;
  if (res.status !== 201) throw new Error(`${what}: HTTP ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

/**
 * An organization, a ledger, USD and one deposit account per alias, each funded with `funding`
 * USD by inflows of up to 50 destinations: `{ org, base }` (base: the ledger's path). `as`
 * (a bearer token) speaks for a tenant; the first request of a fresh tenant applies its
 * migrations.
 */
export async function setupLedgerAccounts(client, { name, aliases, funding, inFlight = 1, as }) {
  const call = (method, path, body, what) =>
    expectCreated(client.request(method, path, body, true, as), `${name}: ${what}`);
  const org = await call(
    'POST',
    '/v1/organizations',
    { legalName: name, legalDocument: '00000000000191' },
    'organization',
  );
  const ledger = await call(
    'POST',
    `/v1/organizations/${org.id}/ledgers`,
    { name: `bench-${RUN}` },
    'ledger',
  );
  const base = `/v1/organizations/${org.id}/ledgers/${ledger.id}`;
  await call(
    'POST',
    `${base}/assets`,
    { name: 'US Dollar', type: 'currency', code: 'USD' },
    'asset',
  );
  await inParallel(aliases, inFlight, (alias) =>
    call(
      'POST',
      `${base}/accounts`,
      { assetCode: 'USD', type: 'deposit', alias },
      `account ${alias}`,
    ),
  );
  // Inflows of 50 destinations each (they all lock @external/USD, so a few at a time).
  const batches = [];
  for (let i = 0; i < aliases.length; i += 50) batches.push(aliases.slice(i, i + 50));
  await inParallel(batches, Math.min(4, inFlight), (batch, n) =>
    call(
      'POST',
      `${base}/transactions/inflow`,
      {
        description: `bench funding ${name} ${n}`,
        send: {
          asset: 'USD',
          value: new Decimal(funding).times(batch.length).toFixed(),
          distribute: {
            to: batch.map((accountAlias) => ({
              accountAlias,
              amount: { asset: 'USD', value: funding },
            })),
          },
        },
      },
      `funding batch ${n}`,
    ),
  );
  if (state.aborted) throw new Error('aborted');
  return { org: org.id, base };
}

/**
 * Brings the planner statistics of the ledger's tables up to date after setup, as autovacuum
 * would within a minute on a normal server (and as the baseline's tables get). Without it,
 * freshly filled never-analyzed tables can get very different plans (see docs/performance.md).
 */
export async function analyzeLedger(database, schema) {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      schema,
    ]);
    const quote = (name) => `"${name.replace(/"/g, '""')}"`;
    for (const { tablename } of rows)
      await client.query(`VACUUM ANALYZE ${quote(schema)}.${quote(tablename)}`);
    return rows.length;
  } finally {
    await client.end();
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function inParallel(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !state.aborted) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: the app's process, this process and the whole host, over one scenario.

// ---------------------------------------------------------------------------------------------
// The load loop: closed loop, `concurrency` workers, bounded by time and optionally requests.

export async function runPhase(concurrency, seconds, maxRequests, op, record) {
  const latencies = [];
  let issued = 0;
  let ok = 0;
  let errors = 0;
  let firstError;
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async (w) => {
    while (!state.aborted && performance.now() < end && (!maxRequests || issued < maxRequests)) {
      issued += 1;
      const t0 = performance.now();
      let outcome;
      try {
        outcome = await op(w);
      } catch (error) {
        outcome = { ok: false, error: `${error.code ?? ''} ${error.message}`.trim() };
      }
      const ms = performance.now() - t0;
      if (!record) continue;
      if (outcome.ok) {
        ok += 1;
        latencies.push(ms);
      } else {
        errors += 1;
        firstError ??= outcome.error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { latencies, ok, errors, firstError, elapsed: (performance.now() - started) / 1000 };
}

/**
 * The open-loop load: request i is due at start + i / rate whatever the answers before it, and
 * its latency counts from when it was due (so a slow server or a lagging generator shows in
 * it, with no coordinated omission). A due request that finds `maxInFlight` requests
 * unanswered is not sent and counts as dropped; one sent more than LATE_MS after it was due
 * counts as late (sent anyway).
 */
export const LATE_MS = 10;

export async function runOpenLoop(rate, seconds, maxInFlight, op) {
  const latencies = [];
  const pending = new Set();
  let ok = 0;
  let errors = 0;
  let dropped = 0;
  let late = 0;
  let offered = 0;
  let firstError;
  const interval = 1000 / rate;
  const started = performance.now();
  const end = started + seconds * 1000;
  let due = started;
  const issue = (at) => {
    offered += 1;
    if (pending.size >= maxInFlight) {
      dropped += 1;
      return;
    }
    if (performance.now() - at > LATE_MS) late += 1;
    const request = (async () => {
      let outcome;
      try {
        outcome = await op();
      } catch (error) {
        outcome = { ok: false, error: `${error.code ?? ''} ${error.message}`.trim() };
      }
      if (outcome.ok) {
        ok += 1;
        latencies.push(performance.now() - at);
      } else {
        errors += 1;
        firstError ??= outcome.error;
      }
    })();
    pending.add(request);
    request.finally(() => pending.delete(request));
  };
  while (!state.aborted) {
    const now = performance.now();
    if (due >= end) break;
    while (due <= now && due < end) {
      issue(due);
      due += interval;
    }
    await sleep(Math.max(0, Math.min(due - performance.now(), 5)));
  }
  const issuedFor = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return {
    latencies,
    ok,
    errors,
    dropped,
    late,
    offered,
    firstError,
    elapsed: Math.min(issuedFor, seconds),
    drained: (performance.now() - started) / 1000,
  };
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * A real tenant-manager on a fresh control-plane database; its gateways go with it. With
 * `reuse` ({ controlPlane, adminKey, serviceKey } of an earlier run, which owns their removal)
 * it starts on that control plane instead and leaves it in place.
 */
export async function startTenantManager(extraEnv = {}, reuse = undefined) {
  let controlPlane = reuse?.controlPlane;
  if (!controlPlane) {
    controlPlane = await createDatabase('bench_tm');
    onCleanup('drop the SCHEMA-mode gateways of this control plane', () =>
      dropGateways(controlPlane),
    );
  }
  const adminKey = reuse?.adminKey ?? `admin-${randomBytes(12).toString('hex')}`;
  const serviceKey = reuse?.serviceKey ?? `svc-${randomBytes(12).toString('hex')}`;
  const manager = await startApp('tenant-manager', {
    DATABASE_URL: pgUrl(controlPlane),
    PROVISION_PG_ADMIN_URL: PG_ADMIN_URL,
    TENANT_MANAGER_ADMIN_KEY: adminKey,
    TENANT_MANAGER_SERVICE_API_KEYS: serviceKey,
    ...extraEnv,
  });
  return { manager, adminKey, serviceKey, controlPlane };
}

/** tenant-manager's lock around catalog DDL (roles, databases): held while we drop gateways. */
const CATALOG_LOCK = 'finplat:tenant-manager:catalog-ddl';

/**
 * SCHEMA mode's gateway logins are per deployment (`<service>_gateway_<deployment id>`, listed
 * in the control plane's schema_gateways) and outlive the tenants: drop this control plane's.
 */
export async function dropGateways(control) {
  const client = new pg.Client({ connectionString: pgUrl(control) });
  await client.connect();
  const gateways = await client
    .query(
      `SELECT username, database FROM schema_gateways
        WHERE username ~ '^(ledger|tracer|reporter)_gateway_[a-z0-9]{12}$'`,
    )
    .then(
      (r) => r.rows,
      () => [],
    );
  await client.end();
  const server = new pg.Client({ connectionString: PG_ADMIN_URL });
  await server.connect();
  await server.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [CATALOG_LOCK]);
  try {
    for (const { username, database } of gateways) {
      const owned = new pg.Client({ connectionString: pgUrl(database) });
      await owned.connect().then(
        () => owned.query(`DROP OWNED BY "${username}"`).finally(() => owned.end()),
        () => undefined,
      );
      await server.query(`DROP OWNED BY "${username}"`).catch(() => undefined);
      await server.query(`DROP ROLE IF EXISTS "${username}"`);
    }
  } finally {
    await server.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CATALOG_LOCK]);
    await server.end();
  }
}

export async function managerCall(tm, method, path, body) {
  const res = await fetch(`${tm.manager.url}${path}`, {
    method,
    headers: { 'X-Admin-Key': tm.adminKey, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Creates a tenant through tenant-manager, a client for it and a client-credentials token:
 * `{ created, token, credentials }`, `created` being tenant-manager's answer to the create and
 * `credentials` the client's id and secret (clientToken mints a fresh token from them).
 */
export async function provisionTenantWithToken(tm, { id, name, isolation }) {
  const created = await managerCall(tm, 'POST', '/v1/tenants', { id, name, isolation });
  if (created.status !== 201)
    throw new Error(`tenant ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const client = await managerCall(tm, 'POST', `/v1/tenants/${id}/clients`, { name: 'bench' });
  if (client.status !== 201)
    throw new Error(`client ${id}: ${client.status} ${JSON.stringify(client.body)}`);
  const credentials = { clientId: client.body.clientId, clientSecret: client.body.clientSecret };
  const token = await clientToken(tm, credentials);
  return { created: created.body, token, credentials };
}

/** A client-credentials access token for a client made by provisionTenantWithToken. */
export async function clientToken(tm, { clientId, clientSecret }) {
  const res = await fetch(`${tm.manager.url}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`token ${clientId}: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

export const SERVICES = ['ledger', 'tracer', 'reporter'];

/** If tenant-manager could not delete the tenant, remove what it provisioned ourselves. */
export async function removeTenantDirectly(id) {
  for (const service of SERVICES) {
    const database = `${service}_tenants`;
    const role = `${service}_${id}`;
    const [exists] = await adminQuery('SELECT 1 AS x FROM pg_database WHERE datname = $1', [
      database,
    ]);
    const [hasRole] = await adminQuery('SELECT 1 AS x FROM pg_roles WHERE rolname = $1', [role]);
    if (exists) {
      await adminQuery(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
        [role],
      );
      await adminQuery(`DROP SCHEMA IF EXISTS "${id}" CASCADE`, [], database);
      if (hasRole) await adminQuery(`DROP OWNED BY "${role}" CASCADE`, [], database);
    }
    if (hasRole) {
      await adminQuery(`DROP OWNED BY "${role}" CASCADE`);
      await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
    }
  }
  for (const path of [`/vhosts/${encodeURIComponent(id)}`, `/users/tenant-${id}`]) {
    await rabbitApi('DELETE', path).catch(() => {});
  }
}

/** RabbitMQ's management API on this machine (guest/guest), as tenant-manager uses it. */
export function rabbitApi(method, path, body) {
  return fetch(`http://127.0.0.1:15672/api${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * SCHEMA mode puts tenants in shared `<service>_tenants` databases reached through
 * `<service>_gateway` logins, which tenant-manager creates once and keeps. When this run was
 * the one that created them, and nobody else has a schema there by the end, they go too.
 */
export async function sharedInfrastructure() {
  const rows = await adminQuery(
    `SELECT s AS service,
            EXISTS (SELECT 1 FROM pg_database WHERE datname = s || '_tenants') AS database,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s || '_gateway') AS gateway
       FROM unnest($1::text[]) AS s`,
    [SERVICES],
  );
  return new Map(rows.map((r) => [r.service, r]));
}

export async function removeSharedInfrastructureWeCreated(before) {
  const now = await sharedInfrastructure();
  for (const service of SERVICES) {
    const database = `${service}_tenants`;
    const gateway = `${service}_gateway`;
    if (now.get(service)?.database && !before.get(service)?.database) {
      const schemas = await adminQuery(
        `SELECT nspname FROM pg_namespace
          WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
        [],
        database,
      );
      if (schemas.length) continue; // someone else's tenants live there now
      await adminQuery(`DROP DATABASE IF EXISTS "${database}"`);
    }
    if (now.get(service)?.gateway && !before.get(service)?.gateway) {
      const [db] = await adminQuery('SELECT 1 AS x FROM pg_database WHERE datname = $1', [
        database,
      ]);
      if (db) continue;
      await adminQuery(`DROP OWNED BY "${gateway}" CASCADE`);
      await adminQuery(`DROP ROLE IF EXISTS "${gateway}"`);
    }
  }
}

export function ensureBuilt() {
  const missing = ['ledger', 'tenant-manager'].filter(
    (app) => !existsSync(join(ROOT, 'dist/apps', app, 'main.js')),
  );
  if (!missing.length) return;
  log(`dist is missing ${missing.join(', ')}: building ledger and tenant-manager…`);
  const result = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '--projects=ledger,tenant-manager'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...env, NX_DAEMON: 'false' },
    },
  );
  if (result.status !== 0) throw new Error('build failed');
}

// ---------------------------------------------------------------------------------------------
// Where the CPU goes during a measured window: the app under test, PostgreSQL, RabbitMQ, the
// bench itself, interrupts and the rest of the host, from /proc.

/** Clock ticks per second of /proc (USER_HZ; 100 on Linux). */
export const CLK_TCK = 100;

export function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return NaN;
  }
}

/** Host-wide busy ticks, and the part of them spent in interrupts (loopback TCP is softirq). */
export function hostTicks() {
  try {
    const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] ?? 0);
    return { busy, irq: v[5] + v[6] };
  } catch {
    return { busy: NaN, irq: NaN };
  }
}

/** CPU ticks of every process whose command name matches (e.g. `(postgres)`, `(beam.smp)`). */
export function namedProcessTicks(name) {
  const ticks = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

export function cpuSnapshot(appPid) {
  return {
    at: performance.now(),
    app: appPid ? processTicks(appPid) : 0,
    // Server-wide: other databases' work counts too.
    pg: namedProcessTicks('(postgres)'),
    // RabbitMQ (the Erlang VM): the broker the ledger's events go through.
    broker: namedProcessTicks('(beam.smp)'),
    self: process.cpuUsage(),
    ...hostTicks(),
  };
}

/**
 * Cores used (1.0 = one core fully busy) between two snapshots: the app process, all of
 * PostgreSQL, RabbitMQ, this process (the load generator and, for the ledger bench's baseline, the pg client), interrupt
 * handling (on a VM, loopback TCP is largely softirq time charged to no process), and
 * everything else on the host (should be ~0: anything more is interference).
 */
export function cpuBetween(a, b) {
  const seconds = (b.at - a.at) / 1000;
  const selfUsage = process.cpuUsage(a.self);
  const ticksBetween = (before, after) => {
    let ticks = 0;
    for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
    return ticks;
  };
  const app = (b.app - a.app) / CLK_TCK / seconds;
  const pgCores = ticksBetween(a.pg, b.pg) / CLK_TCK / seconds;
  const broker = ticksBetween(a.broker, b.broker) / CLK_TCK / seconds;
  const bench = (selfUsage.user + selfUsage.system) / 1e6 / seconds;
  const host = (b.busy - a.busy) / CLK_TCK / seconds;
  const irq = (b.irq - a.irq) / CLK_TCK / seconds;
  return {
    app,
    pg: pgCores,
    broker,
    bench,
    irq,
    other: Math.max(0, host - app - pgCores - broker - bench - irq),
    host,
  };
}
