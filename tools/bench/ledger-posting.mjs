#!/usr/bin/env node
// Ledger posting benchmark (issue 3, item 9). Prints figures; asserts nothing.
//
// Posts simple two-leg transfers through the ledger's HTTP API (built app, real PostgreSQL)
// at several concurrencies among BENCH_ACCOUNTS accounts, and once with every transfer
// touching one hot account. In the same run, on the same PostgreSQL, a baseline does the same
// double-entry work in plain SQL through `pg` (BEGIN; lock both balance rows in id order
// FOR UPDATE; update both; insert the transaction row and its two operation rows; COMMIT)
// with the same concurrency. Runs single-tenant and multi-tenant (SCHEMA mode, behind a real
// tenant-manager) and prints API/baseline ratios and the multi-tenant overhead.
//
// Everything it creates (databases, the tenant with its schemas, roles and RabbitMQ vhost) is
// removed at the end, on failure and on Ctrl-C. Only 127.0.0.1 is ever contacted.
//
// Environment (all optional):
//   BENCH_SECONDS=5            measured seconds per scenario
//   BENCH_WARMUP_SECONDS=1     unmeasured seconds before each scenario
//   BENCH_REQUESTS=0           also stop a scenario after this many requests (0: no cap)
//   BENCH_CONCURRENCY=1,8,32,64
//   BENCH_HOT_CONCURRENCY=32   concurrency of the hot-account scenario (0: skip it)
//   BENCH_ACCOUNTS=1000
//   BENCH_MODES=single,multi   which modes to run
//   BENCH_BASELINE_POOL=10     pg.Pool size of the baseline (the ledger's pool is 10)
//   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres   admin connection
//   BENCH_LOG_LEVEL=warn       LOG_LEVEL of the apps under test
//   BENCH_ANALYZE=1            VACUUM ANALYZE the ledger's tables after setup, as autovacuum would
//                              (0: measure with the statistics of freshly created, never analyzed tables)
//   BENCH_SAMPLE_MS=20         pg_stat_activity sampling period for the connection-time breakdown (0: off)
//   BENCH_LEDGER_NODE_ARGS=    extra node flags for the ledger (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
//   BENCH_PGBENCH=1            0: skip the pgbench run (tools/bench/pgbench-transfer.sql) at c=32
//   BENCH_PGBENCH_CLIENTS=10   pgbench connections (default: BENCH_BASELINE_POOL, the ledger's pool size)
//   BENCH_LEDGER_BUILDS=       compare ledger builds in the same run: `label=path/to/main.js,...`
//                              (a build outside dist must sit inside the repository, so that its
//                              requires find node_modules); each mode runs every build in turn
//   BENCH_ROUNDS=1             how many times each mode runs every build (turns alternate)
//   BENCH_SINGLE_BROKER=0      1: the single-tenant ledger relays its events through RabbitMQ (a vhost
//                              of its own), as multi-tenant does; 0: single-tenant's default, no
//                              broker (events stay in the outbox)
import os from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  CLK_TCK,
  PG_ADMIN_URL,
  ROOT,
  RUN,
  adminQuery,
  cleanup,
  cpuBetween,
  cpuSnapshot,
  createDatabase,
  env,
  ensureBuilt,
  expectCreated,
  hostTicks,
  httpClient,
  inParallel,
  log,
  managerCall,
  numberEnv,
  onCleanup,
  percentile,
  pgUrl,
  analyzeLedger,
  setupLedgerAccounts,
  provisionTenantWithToken,
  rabbitApi,
  removeSharedInfrastructureWeCreated,
  removeTenantDirectly,
  runPhase,
  sharedInfrastructure,
  sleep,
  startApp,
  startTenantManager,
  state,
} from './lib/harness.mjs';

const SECONDS = numberEnv('BENCH_SECONDS', 5, 0.1);
const WARMUP_SECONDS = numberEnv('BENCH_WARMUP_SECONDS', 1, 0);
const MAX_REQUESTS = numberEnv('BENCH_REQUESTS', 0, 0);
const CONCURRENCY = (env.BENCH_CONCURRENCY ?? '1,8,32,64')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const HOT_CONCURRENCY = numberEnv('BENCH_HOT_CONCURRENCY', 32, 0);
const ACCOUNTS = numberEnv('BENCH_ACCOUNTS', 1000, 2);
const MODES = (env.BENCH_MODES ?? 'single,multi').split(',').map((s) => s.trim());
const BASELINE_POOL = numberEnv('BENCH_BASELINE_POOL', 10, 1);
const ANALYZE = (env.BENCH_ANALYZE ?? '1') !== '0';
const SAMPLE_MS = numberEnv('BENCH_SAMPLE_MS', 20, 0);
const LEDGER_NODE_ARGS = (env.BENCH_LEDGER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SINGLE_BROKER = env.BENCH_SINGLE_BROKER === '1';
const BUILDS = (env.BENCH_LEDGER_BUILDS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0) throw new Error(`BENCH_LEDGER_BUILDS: expected label=path, got ${entry}`);
    return { label: entry.slice(0, at), main: entry.slice(at + 1) };
  });
const ROUNDS = numberEnv('BENCH_ROUNDS', 1, 1);
const PGBENCH = (env.BENCH_PGBENCH ?? '1') !== '0';
const PGBENCH_CLIENTS = numberEnv('BENCH_PGBENCH_CLIENTS', BASELINE_POOL, 1);
const PGBENCH_SCRIPT = join(ROOT, 'tools/bench/pgbench-transfer.sql');
const SETUP_IN_FLIGHT = 16;
const FUNDING = '1000000';
const AMOUNT = '1.00';

for (const mode of MODES) {
  if (mode !== 'single' && mode !== 'multi') throw new Error(`BENCH_MODES: unknown mode ${mode}`);
}

// ---------------------------------------------------------------------------------------------
// Where the database connections spend their time: pg_stat_activity sampled every
// BENCH_SAMPLE_MS for the connections of the side under test (the ledger's pool, found by
// the client ports of its process, or the baseline's pool, found by application_name).

const PHASES = ['idle', 'app', 'cpu', 'lock', 'wal', 'other'];

function classify({ state, wait_event_type: type, wait_event: event }) {
  if (state === 'idle') return 'idle';
  if (state === 'idle in transaction') return 'app';
  if (state !== 'active') return 'other';
  if (!type) return 'cpu';
  if (type === 'Lock') return 'lock';
  if (type === 'IO' || (type === 'LWLock' && /^WAL/.test(event ?? ''))) return 'wal';
  return 'other';
}

/** Local ports of the process's TCP connections to PostgreSQL (port 5432 of BENCH_PG_URL). */
function postgresClientPorts(pid) {
  const inodes = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const pgPort = Number(new URL(PG_ADMIN_URL).port || 5432);
  const ports = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      const local = parseInt(f[1].split(':')[1], 16);
      const remote = parseInt(f[2].split(':')[1], 16);
      if (remote === pgPort) ports.push(local);
    }
  }
  return ports;
}

function startSampler(client, filter) {
  const counts = Object.fromEntries(PHASES.map((p) => [p, 0]));
  let running = SAMPLE_MS > 0 && Boolean(client);
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const { rows } = await client.query(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE ${filter.sql}`,
        filter.params,
      );
      for (const row of rows) counts[classify(row)] += 1;
      const rest = SAMPLE_MS - (performance.now() - t0);
      if (rest > 0) await sleep(rest);
    }
  })().catch((error) => {
    process.stderr.write(`pg_stat_activity sampling stopped: ${error.message}\n`);
  });
  return async () => {
    running = false;
    await loop;
    const total = PHASES.reduce((sum, p) => sum + counts[p], 0);
    return total ? Object.fromEntries(PHASES.map((p) => [p, counts[p] / total])) : undefined;
  };
}

async function scenario({ concurrency, op, appPid, appUrl, admin, sampler, filter }) {
  // A checkpoint caused by the previous scenario's writes should not land in this one.
  await admin.query('CHECKPOINT');
  if (WARMUP_SECONDS > 0) await runPhase(concurrency, WARMUP_SECONDS, 0, op, false);
  const stopSampling = startSampler(sampler, filter());
  const before = cpuSnapshot(appPid);
  const postingBefore = await postingSeries(appUrl);
  const r = await runPhase(concurrency, SECONDS, MAX_REQUESTS, op, true);
  const cpu = cpuBetween(before, cpuSnapshot(appPid));
  const posting = postingBetween(postingBefore, await postingSeries(appUrl));
  const connections = await stopSampling();
  const sorted = Float64Array.from(r.latencies).sort();
  return {
    requests: r.ok + r.errors,
    errors: r.errors,
    firstError: r.firstError,
    tps: r.ok / r.elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    cpu,
    connections,
    posting,
  };
}

/** The ledger's group-commit series from /metrics: batches, postings in them, retries. */
async function postingSeries(appUrl) {
  if (!appUrl) return undefined;
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const sum = (name) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return {
    batches: sum('ledger_posting_batch_size_count'),
    postings: sum('ledger_posting_batch_size_sum'),
    retries: sum('ledger_posting_retries_total'),
  };
}

function postingBetween(a, b) {
  if (!a || !b) return undefined;
  const batches = b.batches - a.batches;
  return {
    batches,
    meanBatch: batches > 0 ? (b.postings - a.postings) / batches : 0,
    retries: b.retries - a.retries,
  };
}

// ---------------------------------------------------------------------------------------------
// Transfer pairs: uniformly random distinct accounts, or one hot account and a random other
// (random direction, so the hot account neither drains nor needs a special balance).

const HOT = 0;

function randomPair(hot) {
  if (hot) {
    const other = 1 + randomInt(ACCOUNTS - 1);
    return randomInt(2) ? [HOT, other] : [other, HOT];
  }
  const a = randomInt(ACCOUNTS);
  let b = randomInt(ACCOUNTS - 1);
  if (b >= a) b += 1;
  return [a, b];
}

const aliasOf = (i) => `@acct-${String(i + 1).padStart(4, '0')}`;

function scenarios() {
  const list = CONCURRENCY.map((c) => ({ name: `c=${c}`, concurrency: c, hot: false }));
  if (HOT_CONCURRENCY > 0) {
    list.push({ name: `hot c=${HOT_CONCURRENCY}`, concurrency: HOT_CONCURRENCY, hot: true });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// The ledger through its HTTP API.

async function setupLedger(app, token) {
  const client = httpClient(app.port, SETUP_IN_FLIGHT, token);
  try {
    const { base } = await setupLedgerAccounts(client, {
      name: `Bench ${RUN}`,
      aliases: Array.from({ length: ACCOUNTS }, (_, i) => aliasOf(i)),
      funding: FUNDING,
      inFlight: SETUP_IN_FLIGHT,
    });
    return base;
  } finally {
    client.close();
  }
}

let transferSeq = 0;
const answered = { created: 0 };

function apiTransferOp(client, base, mode, hot) {
  const path = `${base}/transactions/json`;
  return async () => {
    const [a, b] = randomPair(hot);
    transferSeq += 1;
    const res = await client.request(
      'POST',
      path,
      {
        // Unique: identical bodies would be deduplicated by the body-hash idempotency key.
        description: `bench ${RUN} ${mode} ${transferSeq}`,
        send: {
          asset: 'USD',
          value: AMOUNT,
          source: { from: [{ accountAlias: aliasOf(a), amount: { asset: 'USD', value: AMOUNT } }] },
          distribute: {
            to: [{ accountAlias: aliasOf(b), amount: { asset: 'USD', value: AMOUNT } }],
          },
        },
      },
      false,
    );
    if (res.status === 201) answered.created += 1;
    return res.status === 201
      ? { ok: true }
      : { ok: false, error: `HTTP ${res.status} ${(res.text ?? '').slice(0, 500)}` };
  };
}

// ---------------------------------------------------------------------------------------------
// The baseline: the same double-entry work in plain SQL through pg.

const BASELINE_SCHEMA = `
  DROP TABLE IF EXISTS op, tx, balance;
  CREATE TABLE balance (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    ledger_id uuid NOT NULL,
    account_id uuid NOT NULL,
    alias text NOT NULL,
    key text NOT NULL DEFAULT 'default',
    asset_code text NOT NULL,
    available numeric NOT NULL DEFAULT 0,
    on_hold numeric NOT NULL DEFAULT 0,
    version bigint NOT NULL DEFAULT 1,
    account_type text NOT NULL,
    allow_sending boolean NOT NULL DEFAULT true,
    allow_receiving boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  );
  CREATE UNIQUE INDEX balance_alias_key_uq ON balance (ledger_id, alias, key) WHERE deleted_at IS NULL;
  CREATE INDEX balance_account_idx ON balance (account_id) WHERE deleted_at IS NULL;
  CREATE TABLE tx (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    ledger_id uuid NOT NULL,
    description text,
    kind text NOT NULL,
    status text NOT NULL,
    amount numeric NOT NULL,
    asset_code text NOT NULL,
    pending boolean NOT NULL DEFAULT false,
    body jsonb NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    transaction_date timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  );
  CREATE INDEX tx_ledger_id_idx ON tx (ledger_id, id);
  CREATE INDEX tx_metadata_idx ON tx USING gin (metadata);
  CREATE TABLE op (
    id uuid PRIMARY KEY,
    transaction_id uuid NOT NULL REFERENCES tx (id),
    organization_id uuid NOT NULL,
    ledger_id uuid NOT NULL,
    account_id uuid NOT NULL,
    account_alias text NOT NULL,
    balance_id uuid NOT NULL REFERENCES balance (id),
    balance_key text NOT NULL,
    type text NOT NULL,
    direction text NOT NULL,
    asset_code text NOT NULL,
    amount numeric NOT NULL,
    available_before numeric NOT NULL,
    on_hold_before numeric NOT NULL,
    version_before bigint NOT NULL,
    available_after numeric NOT NULL,
    on_hold_after numeric NOT NULL,
    version_after bigint NOT NULL,
    status text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  );
  CREATE INDEX op_transaction_idx ON op (transaction_id);
  CREATE INDEX op_account_idx ON op (account_id, id);
  CREATE INDEX op_balance_history_idx ON op (balance_id, created_at DESC, version_after DESC);
`;

async function setupBaseline(database) {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    await client.query(BASELINE_SCHEMA);
    const ids = Array.from({ length: ACCOUNTS }, () => uuidv7());
    const accounts = Array.from({ length: ACCOUNTS }, () => uuidv7());
    const org = uuidv7();
    const ledger = uuidv7();
    await client.query(
      `INSERT INTO balance (id, organization_id, ledger_id, account_id, alias, asset_code, available, account_type)
       SELECT id, $3, $4, account_id, alias, 'USD', $5, 'deposit'
         FROM unnest($1::uuid[], $2::uuid[], $6::text[]) AS u(id, account_id, alias)`,
      [ids, accounts, org, ledger, FUNDING, ids.map((_, i) => aliasOf(i))],
    );
    await client.query('VACUUM ANALYZE balance');
    return { ids, accounts, org, ledger };
  } finally {
    await client.end();
  }
}

const RETRYABLE = new Set(['40P01', '40001']);

function baselineTransferOp(pool, seed, hot) {
  const { ids, accounts, org, ledger } = seed;
  const amount = new Decimal(AMOUNT);
  return async () => {
    const [a, b] = randomPair(hot);
    for (let attempt = 1; ; attempt += 1) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // 1. lock both balances, in id order (no deadlock between transfers)
        const { rows } = await client.query(
          `SELECT id, available::text AS available, on_hold::text AS on_hold, version::text AS version
             FROM balance WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL
            ORDER BY id FOR UPDATE`,
          [[ids[a], ids[b]]],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        const from = byId.get(ids[a]);
        const to = byId.get(ids[b]);
        const fromAfter = new Decimal(from.available).minus(amount);
        if (fromAfter.isNegative())
          throw Object.assign(new Error('insufficient funds'), { code: 'FUNDS' });
        const toAfter = new Decimal(to.available).plus(amount);
        // 2. update both balances
        await client.query(
          `UPDATE balance AS b SET available = u.available, version = b.version + 1, updated_at = now()
             FROM unnest($1::uuid[], $2::numeric[]) AS u(id, available) WHERE b.id = u.id`,
          [
            [ids[a], ids[b]],
            [fromAfter.toFixed(), toAfter.toFixed()],
          ],
        );
        // 3. the transaction row
        const txId = uuidv7();
        const now = new Date();
        transferSeq += 1;
        const description = `bench ${RUN} baseline ${transferSeq}`;
        const body = {
          request: {
            description,
            send: {
              asset: 'USD',
              value: AMOUNT,
              source: {
                from: [{ accountAlias: aliasOf(a), amount: { asset: 'USD', value: AMOUNT } }],
              },
              distribute: {
                to: [{ accountAlias: aliasOf(b), amount: { asset: 'USD', value: AMOUNT } }],
              },
            },
          },
          legs: [
            { side: 'source', accountAlias: aliasOf(a), balanceKey: 'default', amount: '1' },
            { side: 'destination', accountAlias: aliasOf(b), balanceKey: 'default', amount: '1' },
          ],
        };
        await client.query(
          `INSERT INTO tx (id, organization_id, ledger_id, description, kind, status, amount, asset_code,
                           body, transaction_date, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'json', 'APPROVED', $5, 'USD', $6, $7, $7, $7)`,
          [txId, org, ledger, description, AMOUNT, JSON.stringify(body), now],
        );
        // 4. its two operations (balance before and after)
        await client.query(
          `INSERT INTO op (id, transaction_id, organization_id, ledger_id, account_id, account_alias, balance_id,
                           balance_key, type, direction, asset_code, amount, available_before, on_hold_before,
                           version_before, available_after, on_hold_after, version_after, status,
                           created_at, updated_at)
           VALUES ($1, $3, $4, $5, $6, $8, $10, 'default', 'DEBIT', 'debit', 'USD', $12, $13, $14, $15, $16, $14, $17, 'APPROVED', $23, $23),
                  ($2, $3, $4, $5, $7, $9, $11, 'default', 'CREDIT', 'credit', 'USD', $12, $18, $19, $20, $21, $19, $22, 'APPROVED', $23, $23)`,
          [
            uuidv7(),
            uuidv7(),
            txId,
            org,
            ledger,
            accounts[a],
            accounts[b],
            aliasOf(a),
            aliasOf(b),
            ids[a],
            ids[b],
            AMOUNT,
            from.available,
            from.on_hold,
            from.version,
            fromAfter.toFixed(),
            String(BigInt(from.version) + 1n),
            to.available,
            to.on_hold,
            to.version,
            toAfter.toFixed(),
            String(BigInt(to.version) + 1n),
            now,
          ],
        );
        await client.query('COMMIT');
        return { ok: true };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (RETRYABLE.has(error.code) && attempt < 8) continue;
        return { ok: false, error: `${error.code ?? ''} ${error.message}`.trim() };
      } finally {
        client.release();
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// pgbench: the same two-leg transfer (tools/bench/pgbench-transfer.sql) from pgbench's C client
// with prepared statements, the stronger baseline: no Node.js event loop on the client side.

/** The baseline's tables in a database of pgbench's own, accounts numbered 1..N for its script. */
async function setupPgbench(database) {
  const seed = await setupBaseline(database);
  await adminQuery(
    `ALTER TABLE balance ADD COLUMN n int;
     UPDATE balance SET n = substring(alias from 7)::int;
     CREATE UNIQUE INDEX balance_n_uq ON balance (n)`,
    [],
    database,
  );
  await adminQuery('VACUUM ANALYZE balance', [], database);
  return seed;
}

function pgbenchAvailable() {
  return spawnSync('pgbench', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Runs pgbench for SECONDS (after WARMUP_SECONDS unmeasured); tx/s and client-side p50/p99. */
async function runPgbench(database, seed) {
  const url = new URL(PG_ADMIN_URL);
  const logDir = join(os.tmpdir(), `bench-pgbench-${RUN}-${randomBytes(2).toString('hex')}`);
  mkdirSync(logDir, { recursive: true });
  onCleanup(`remove ${logDir}`, () => rmSync(logDir, { recursive: true, force: true }));
  const args = (seconds, logPrefix) => [
    '-n',
    '-M',
    'prepared',
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    '-c',
    String(PGBENCH_CLIENTS),
    '-j',
    String(Math.min(2, PGBENCH_CLIENTS)),
    '-T',
    String(Math.max(1, Math.round(seconds))),
    '-D',
    `accounts=${ACCOUNTS}`,
    '-D',
    `org=${seed.org}`,
    '-D',
    `ledger=${seed.ledger}`,
    '-f',
    PGBENCH_SCRIPT,
    ...(logPrefix ? ['-l', `--log-prefix=${logPrefix}`] : []),
    database,
  ];
  const run = (seconds, logPrefix) =>
    new Promise((resolveRun, reject) => {
      const child = spawn('pgbench', args(seconds, logPrefix), {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolveRun(out) : reject(new Error(`pgbench exited ${code}:\n${out}`)),
      );
    });
  if (WARMUP_SECONDS > 0) await run(WARMUP_SECONDS);
  const out = await run(SECONDS, join(logDir, 'tx'));
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  // Per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us
  const latencies = [];
  for (const file of readdirSync(logDir)) {
    for (const line of readFileSync(join(logDir, file), 'utf8').split('\n')) {
      const f = line.split(' ');
      if (f.length >= 3) latencies.push(Number(f[2]) / 1000);
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  return { tps, failed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

// ---------------------------------------------------------------------------------------------
// Multi-tenant: a real tenant-manager, one SCHEMA-mode tenant, a client-credentials token.

/**
 * A vhost of this run's own for the single-tenant ledger, so that its events are relayed and
 * consumed as the multi-tenant tenant's are (the comparison is then like for like). Undefined
 * when the management API does not answer: the ledger then runs without a broker.
 */
async function singleTenantBroker() {
  const vhost = `bench-st-${RUN}`;
  try {
    if (!(await rabbitApi('PUT', `/vhosts/${encodeURIComponent(vhost)}`)).ok) return undefined;
  } catch {
    return undefined;
  }
  onCleanup(`delete RabbitMQ vhost ${vhost}`, () =>
    rabbitApi('DELETE', `/vhosts/${encodeURIComponent(vhost)}`).catch(() => {}),
  );
  const all = { configure: '.*', write: '.*', read: '.*' };
  await rabbitApi('PUT', `/permissions/${encodeURIComponent(vhost)}/guest`, all);
  return { vhost, url: `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}` };
}

async function provisionTenant(tm) {
  const id = `bench-${RUN}`;
  const before = await sharedInfrastructure();
  onCleanup('remove shared SCHEMA-mode databases and gateways this run created', () =>
    removeSharedInfrastructureWeCreated(before),
  );
  // Registered before the call: a half-made tenant is removed as well.
  onCleanup(`delete tenant ${id}`, async () => {
    let deleted = false;
    if (
      tm.manager &&
      (await fetch(`${tm.manager.url}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      const res = await managerCall(tm, 'DELETE', `/v1/tenants/${id}`);
      deleted = res.status === 204 || res.status === 404;
      if (!deleted)
        process.stderr.write(
          `cleanup: DELETE tenant ${id}: ${res.status} ${JSON.stringify(res.body)}\n`,
        );
    }
    // Whatever tenant-manager said, make sure nothing of the tenant is left.
    await removeTenantDirectly(id);
  });
  const { created, token } = await provisionTenantWithToken(tm, {
    id,
    name: `Bench ${RUN}`,
    isolation: { ledger: 'SCHEMA', tracer: 'SCHEMA', reporter: 'SCHEMA' },
  });
  return { id, token, placement: created.services?.ledger };
}

// ---------------------------------------------------------------------------------------------
// Output.

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function resultTable(results, key, withApp) {
  const headers = ['scenario', 'requests', 'errors', 'tx/s', 'p50 ms', 'p95 ms', 'p99 ms'];
  if (withApp) headers.push('batch', 'retries', 'ledger cpu');
  headers.push('pg cpu', 'mq cpu', 'bench cpu', 'irq cpu', 'other cpu');
  const pct = (v) => `${fmt(v * 100, 0)}%`;
  const rows = results.map((r) => {
    const x = r[key];
    const row = [
      r.name,
      x.requests,
      x.errors,
      fmt(x.tps),
      fmt(x.p50, 2),
      fmt(x.p95, 2),
      fmt(x.p99, 2),
    ];
    if (withApp)
      row.push(fmt(x.posting?.meanBatch ?? 0, 1), x.posting?.retries ?? 0, pct(x.cpu.app));
    row.push(pct(x.cpu.pg), pct(x.cpu.broker), pct(x.cpu.bench), pct(x.cpu.irq), pct(x.cpu.other));
    return row;
  });
  const errors = results
    .filter((r) => r[key].firstError)
    .map((r) => `  first error (${r.name}): ${r[key].firstError}`);
  return [table(headers, rows), ...errors].join('\n');
}

function ratioTable(results) {
  return table(
    ['scenario', 'API tx/s', 'baseline tx/s', 'API/baseline', 'API p99 ms', 'baseline p99 ms'],
    results.map((r) => [
      r.name,
      fmt(r.api.tps),
      fmt(r.baseline.tps),
      fmt(r.api.tps / r.baseline.tps, 2),
      fmt(r.api.p99, 2),
      fmt(r.baseline.p99, 2),
    ]),
  );
}

function connectionTable(results) {
  const pct = (v) => (v === undefined ? '-' : `${fmt(v * 100, 0)}%`);
  const rows = [];
  for (const r of results) {
    for (const [side, key] of [
      ['API', 'api'],
      ['baseline', 'baseline'],
    ]) {
      const c = r[key].connections;
      rows.push([r.name, side, ...PHASES.map((p) => pct(c?.[p]))]);
    }
  }
  return [
    table(
      [
        'scenario',
        'side',
        'idle',
        'in tx, waiting for client',
        'executing',
        'row-lock wait',
        'WAL/IO wait',
        'other',
      ],
      rows,
    ),
    'idle: no transaction open (pool slot unused); waiting for client: a transaction is open and',
    'PostgreSQL waits for the next statement (client CPU, event loop, network); executing: on CPU.',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// One mode: start the ledger, create its data, run every scenario against it and the baseline.

async function runMode(mode, ctx, build) {
  const title =
    (mode === 'single' ? 'single-tenant' : 'multi-tenant (SCHEMA)') +
    (build ? ` [${build.label}, round ${build.round}]` : '');
  const appOptions = { nodeArgs: LEDGER_NODE_ARGS, main: build?.main };
  log(`\n=== ${title} ===`);
  let app;
  let token;
  let placement;
  if (mode === 'single') {
    const database = await createDatabase('bench_ledger');
    placement = { database, schema: 'public' };
    const broker = SINGLE_BROKER ? await singleTenantBroker() : undefined;
    app = await startApp(
      'ledger',
      {
        DATABASE_URL: pgUrl(database),
        ...(broker ? { RABBITMQ_URL: broker.url } : {}),
      },
      appOptions,
    );
    log(
      `ledger: single-tenant on database ${database}` +
        (broker
          ? `, events relayed to RabbitMQ vhost ${broker.vhost}`
          : ', no broker (events stay in the outbox table)'),
    );
  } else {
    ctx.tm ??= await startTenantManager();
    const tenant = await provisionTenant(ctx.tm);
    token = tenant.token;
    app = await startApp(
      'ledger',
      {
        MULTI_TENANT_ENABLED: 'true',
        PLUGIN_AUTH_ENABLED: 'true',
        MULTI_TENANT_URL: ctx.tm.manager.url,
        MULTI_TENANT_SERVICE_API_KEY: ctx.tm.serviceKey,
      },
      appOptions,
    );
    const p = tenant.placement;
    placement = { database: p?.database, schema: p?.schema };
    log(
      `ledger: multi-tenant, tenant ${tenant.id} in schema ${p?.schema} of ${p?.database} (SCHEMA)`,
    );
  }
  const t0 = performance.now();
  answered.created = 0;
  const base = await setupLedger(app, token);
  log(
    `setup: ${ACCOUNTS} accounts created and funded through the API in ${fmt((performance.now() - t0) / 1000)} s`,
  );
  if (ANALYZE) {
    const tables = await analyzeLedger(placement.database, placement.schema);
    log(`setup: VACUUM ANALYZE of the ledger's ${tables} tables (BENCH_ANALYZE=0 to skip)`);
  } else {
    log('setup: ledger tables left unanalyzed (BENCH_ANALYZE=0)');
  }
  const seed = await setupBaseline(ctx.baselineDb);
  const baselineApp = `bench-baseline-${RUN}`;
  const pool = new pg.Pool({
    connectionString: pgUrl(ctx.baselineDb),
    max: BASELINE_POOL,
    application_name: baselineApp,
  });
  const results = [];
  try {
    for (const s of scenarios()) {
      if (state.aborted) break;
      const client = httpClient(app.port, s.concurrency, token);
      let api;
      try {
        api = await scenario({
          concurrency: s.concurrency,
          op: apiTransferOp(client, base, mode, s.hot),
          appPid: app.pid,
          appUrl: app.url,
          admin: ctx.admin,
          sampler: ctx.sampler,
          filter: () => ({
            sql: 'client_port = ANY($1::int[]) AND pid <> pg_backend_pid()',
            params: [postgresClientPorts(app.pid)],
          }),
        });
      } finally {
        client.close();
      }
      const baseline = await scenario({
        concurrency: s.concurrency,
        op: baselineTransferOp(pool, seed, s.hot),
        appPid: undefined,
        admin: ctx.admin,
        sampler: ctx.sampler,
        filter: () => ({
          sql: 'datname = $1 AND application_name = $2',
          params: [ctx.baselineDb, baselineApp],
        }),
      });
      // pgbench right after the c=32 API and baseline runs: same server, same minute.
      const pgbench =
        ctx.pgbench && s.concurrency === 32 && !s.hot
          ? await runPgbench(ctx.pgbench.database, ctx.pgbench.seed)
          : undefined;
      results.push({
        name: s.name,
        concurrency: s.concurrency,
        hot: s.hot,
        api,
        baseline,
        pgbench,
      });
      log(
        `  ${s.name.padEnd(10)} API ${fmt(api.tps).padStart(7)} tx/s p99 ${fmt(api.p99, 2).padStart(7)} ms` +
          ` | baseline ${fmt(baseline.tps).padStart(7)} tx/s p99 ${fmt(baseline.p99, 2).padStart(7)} ms` +
          (pgbench
            ? ` | pgbench ${fmt(pgbench.tps).padStart(7)} tx/s p99 ${fmt(pgbench.p99, 2).padStart(7)} ms` +
              ` (${PGBENCH_CLIENTS} connections${pgbench.failed ? `, ${pgbench.failed} failed` : ''})` +
              ` -> API/pgbench ${fmt(api.tps / pgbench.tps, 2)}`
            : ''),
      );
    }
  } finally {
    await pool.end();
    await app.stop();
  }
  // Every 201 must be its own transaction (bodies are unique, so idempotency never replays).
  const [{ n }] = await adminQuery(
    `SELECT count(*)::int AS n FROM "${placement.schema}"."transaction" WHERE kind = 'json'`,
    [],
    placement.database,
  );
  log(
    `check: ${answered.created} transfers answered 201 (warm-up included), ${n} json transactions recorded`,
  );
  log(`\n${title}: ledger HTTP API`);
  log(resultTable(results, 'api', true));
  log(
    'batch: mean postings per group-commit batch; retries: postings retried after losing a race\n' +
      "(both from the ledger's /metrics over the measured seconds)",
  );
  log(`\n${title}: baseline (plain SQL through pg, pool ${BASELINE_POOL})`);
  log(resultTable(results, 'baseline', false));
  log(`\n${title}: API / baseline`);
  log(ratioTable(results));
  if (SAMPLE_MS > 0) {
    log(
      `\n${title}: where the pooled PostgreSQL connections spend their time (pg_stat_activity every ${SAMPLE_MS} ms)`,
    );
    log(connectionTable(results));
  }
  return results;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  ensureBuilt();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  onCleanup('close admin connection', () => admin.end());
  const [{ server_version: pgVersion }] = (await admin.query('SHOW server_version')).rows;
  const settings = Object.fromEntries(
    (
      await admin.query(
        `SELECT name, setting, unit FROM pg_settings
          WHERE name IN ('max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', 'autovacuum')`,
      )
    ).rows.map((r) => [
      r.name,
      r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting,
    ]),
  );
  const cpus = os.cpus();
  log('ledger posting benchmark');
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  );
  log(
    `node ${process.version}; PostgreSQL ${pgVersion} (${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
  );
  log(
    `scenarios: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured${MAX_REQUESTS ? ` (or ${MAX_REQUESTS} requests)` : ''}, ` +
      `${ACCOUNTS} accounts, transfers of ${AMOUNT} USD, concurrency ${CONCURRENCY.join(', ')}` +
      (HOT_CONCURRENCY ? `, hot account at ${HOT_CONCURRENCY}` : ''),
  );
  log(
    'cpu columns: share of one core used during the measured window by the ledger process, all of',
  );
  log(
    'PostgreSQL, RabbitMQ (mq), this process (load generator / baseline client), interrupts (softirq: loopback TCP)',
  );
  log('and anything else on the host (interference: other work running on the machine)');

  // Anything already keeping the CPUs busy skews every figure below: say so up front.
  const quiet0 = hostTicks();
  await sleep(2000);
  const quiet1 = hostTicks();
  const background = (quiet1.busy - quiet0.busy) / CLK_TCK / 2;
  log(
    `background load before the run: ${fmt(background * 100, 0)}% of one core` +
      (background > 0.15 ? ' — the machine is not idle; figures will be lower and noisier' : ''),
  );

  const sampler = new pg.Client({
    connectionString: PG_ADMIN_URL,
    application_name: 'bench-sampler',
  });
  await sampler.connect();
  onCleanup('close sampler connection', () => sampler.end());
  const ctx = { admin, sampler, baselineDb: await createDatabase('bench_base'), tm: undefined };
  if (PGBENCH && CONCURRENCY.includes(32)) {
    if (pgbenchAvailable()) {
      const database = await createDatabase('bench_pgb');
      ctx.pgbench = { database, seed: await setupPgbench(database) };
    } else {
      log('pgbench not found on PATH: the pgbench comparison is skipped');
    }
  }
  const byMode = {};
  if (BUILDS.length) {
    await compareBuilds(ctx);
    return;
  }
  for (const mode of MODES) {
    if (state.aborted) break;
    byMode[mode] = await runMode(mode, ctx);
  }

  if (byMode.single && byMode.multi) {
    log('\nmulti-tenant overhead (SCHEMA mode vs single-tenant, ledger API)');
    log(
      table(
        ['scenario', 'ST tx/s', 'MT tx/s', 'MT/ST', 'overhead', 'ST p99 ms', 'MT p99 ms'],
        byMode.single.map((st) => {
          const mt = byMode.multi.find((m) => m.name === st.name);
          return [
            st.name,
            fmt(st.api.tps),
            fmt(mt?.api.tps),
            fmt(mt?.api.tps / st.api.tps, 2),
            `${fmt((1 - mt?.api.tps / st.api.tps) * 100)}%`,
            fmt(st.api.p99, 2),
            fmt(mt?.api.p99, 2),
          ];
        }),
      ),
    );
  }
  const target = CONCURRENCY.includes(32) ? 'c=32' : undefined;
  if (target) {
    log(
      '\nissue 12 target at concurrency 32: single-tenant API >= 1.0 × baseline, multi-tenant >= 0.95 × single-tenant, p99 < 25 ms',
    );
    const st = byMode.single?.find((x) => x.name === target);
    for (const mode of Object.keys(byMode)) {
      const r = byMode[mode].find((x) => x.name === target);
      if (!r) continue;
      const ratio = r.api.tps / r.baseline.tps;
      const vsSingle = mode === 'multi' && st ? r.api.tps / st.api.tps : undefined;
      const met =
        r.api.p99 < 25 &&
        (mode === 'single' ? ratio >= 1.0 : vsSingle === undefined || vsSingle >= 0.95);
      log(
        `  ${mode.padEnd(6)}: API/baseline ${fmt(ratio, 2)}` +
          (r.pgbench ? `, API/pgbench ${fmt(r.api.tps / r.pgbench.tps, 2)}` : '') +
          (vsSingle !== undefined ? `, MT/ST ${fmt(vsSingle, 2)}` : '') +
          `, p99 ${fmt(r.api.p99, 2)} ms -> ${met ? 'met' : 'not met'}`,
      );
    }
  }
}

/**
 * BENCH_LEDGER_BUILDS: every mode runs each build in turn, BENCH_ROUNDS times, each API
 * scenario next to its own baseline; then one line per turn and the spread per build.
 */
async function compareBuilds(ctx) {
  const turns = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const mode of MODES) {
      for (const build of BUILDS) {
        if (state.aborted) return;
        const results = await runMode(mode, ctx, { ...build, round });
        turns.push({ round, mode, build: build.label, results });
      }
    }
  }
  const target = CONCURRENCY.includes(32) ? 'c=32' : `c=${CONCURRENCY[0]}`;
  const at = (turn) => turn.results.find((r) => r.name === target);
  const single = (round, build) =>
    turns.find((t) => t.round === round && t.build === build && t.mode === 'single');
  log(`\nbuilds compared at ${target} (API next to its own baseline, same minute)`);
  log(
    table(
      [
        'round',
        'mode',
        'build',
        'API tx/s',
        'base tx/s',
        'API/base',
        'API/pgbench',
        'MT/ST',
        'p99 ms',
        'ledger cpu',
        'batch',
        'other cpu',
      ],
      turns.map((t) => {
        const r = at(t);
        const st = t.mode === 'multi' ? single(t.round, t.build) : undefined;
        return [
          t.round,
          t.mode,
          t.build,
          fmt(r?.api.tps),
          fmt(r?.baseline.tps),
          fmt(r?.api.tps / r?.baseline.tps, 2),
          r?.pgbench ? fmt(r.api.tps / r.pgbench.tps, 2) : '',
          st ? fmt(r?.api.tps / at(st)?.api.tps, 2) : '',
          fmt(r?.api.p99, 2),
          `${fmt((r?.api.cpu.app ?? 0) * 100, 0)}%`,
          fmt(r?.api.posting?.meanBatch ?? 0, 1),
          `${fmt((r?.api.cpu.other ?? 0) * 100, 0)}%`,
        ];
      }),
    ),
  );
  const spread = (values) => {
    const v = values.filter(Number.isFinite).sort((a, b) => a - b);
    if (!v.length) return '';
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return `${fmt(mean, 2)} [${fmt(v[0], 2)}–${fmt(v[v.length - 1], 2)}]`;
  };
  log('\nper build: mean [min–max] over the rounds');
  log(
    table(
      ['mode', 'build', 'API/base', 'API tx/s', 'p99 ms'],
      MODES.flatMap((mode) =>
        BUILDS.map(({ label }) => {
          const mine = turns.filter((t) => t.mode === mode && t.build === label).map(at);
          return [
            mode,
            label,
            spread(mine.map((r) => r?.api.tps / r?.baseline.tps)),
            spread(mine.map((r) => r?.api.tps)),
            spread(mine.map((r) => r?.api.p99)),
          ];
        }),
      ),
    ),
  );
}

main()
  .then(() => cleanup())
  .catch(async (error) => {
    if (!state.aborted) process.stderr.write(`\nbenchmark failed: ${error.stack ?? error}\n`);
    await cleanup();
    process.exitCode = 1;
  });
