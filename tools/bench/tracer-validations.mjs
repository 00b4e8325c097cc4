#!/usr/bin/env node
// Tracer's hot path: POST /v1/validations through HTTP against the built app
// (dist/apps/tracer/main.js, `npm run build` first), single-tenant, with 100 active rules of
// mixed scopes and 10 active limits. Prints throughput and p50/p95/p99 per concurrency; no
// assertions. BENCH_SECONDS (default 5), BENCH_CONCURRENCY (default 1,8,32), BENCH_RUNS
// (default 3, each on a fresh database), BENCH_PG_URL (admin URL). BENCH_TRACER_BUILDS
// compares builds in the same run, phase after phase (`label=path/to/main.js[;VAR=value...],...`;
// default this checkout's dist; the VARs go to that app's environment): on a shared, noisy machine only ratios measured together mean much.
// The average batch size (tracer_validation_batch_size, decision 0021) is printed when the
// build exports it. BENCH_LOG_STATEMENTS=1 has PostgreSQL log every statement's duration
// for the bench databases (ALTER DATABASE … SET log_min_duration_statement = 0), to profile.
// BENCH_TENANTS (default 0: single-tenant) takes tenant counts, e.g. `0,4`: N > 0 runs the
// build in multi-tenant mode behind a real tenant-manager (dist/apps/tenant-manager/main.js)
// with N SCHEMA tenants seeded alike, validations spread round-robin over their JWTs; several
// counts take turns in the same run, like builds, and print their throughput ratio.
// Each phase also prints the cores it used (1.00 = one core busy): the tracer process, all of
// PostgreSQL, this bench, interrupts (loopback TCP) and anything else on the host.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  cpuBetween,
  cpuSnapshot,
  dropGateways,
  provisionTenantWithToken,
} from './lib/harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const RUNS = Number(env.BENCH_RUNS ?? 3);
const CONCURRENCY = (env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ACCOUNTS = 500;
const BUILDS = (env.BENCH_TRACER_BUILDS ?? `this=${join(ROOT, 'dist/apps/tracer/main.js')}`)
  .split(',')
  .map((entry) => {
    const [target, ...vars] = entry.split(';');
    const [label, path] = target.split('=');
    const extra = Object.fromEntries(vars.map((v) => v.split('=')));
    return { label, path: resolve(path), env: extra };
  });
const TENANT_COUNTS = (env.BENCH_TENANTS ?? '0').split(',').map(Number);
/** Each build at each tenant count: what takes turns at every concurrency. */
const VARIANTS = BUILDS.flatMap((build) =>
  TENANT_COUNTS.map((tenants) => ({
    ...build,
    tenants,
    label:
      TENANT_COUNTS.length === 1 && tenants === 0
        ? build.label
        : `${build.label}:${tenants === 0 ? 'single' : `${tenants}-tenants`}`,
  })),
);
/** Tenant-manager's per-server lock around role DDL (libs/tenant-manager: postgres-admin.ts). */
const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pgUrl(database) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

async function startTracer(main, databaseUrl, extraEnv = {}) {
  const port = await freePort();
  // BENCH_TRACER_NODE_ARGS: extra node flags for the app, e.g. `--cpu-prof --cpu-prof-dir=…`.
  const nodeArgs = (env.BENCH_TRACER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    env: {
      PATH: env.PATH ?? '',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output = (output + c).slice(-10_000)));
  child.stderr.on('data', (c) => (output = (output + c).slice(-10_000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tracer exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`tracer did not start:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  return { port, pid: child.pid, stop };
}

function client(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    send(method, path, body, token) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload) headers['content-length'] = Buffer.byteLength(payload);
      return new Promise((done, fail) => {
        const req = http.request(
          { agent, host: '127.0.0.1', port, method, path, headers },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => done({ status: res.statusCode, text }));
          },
        );
        req.on('error', fail);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
const segments = Array.from({ length: 10 }, () => randomUUID());

/** 100 active rules: global, per segment, per account, per type; few ever match. */
async function seed(api, token) {
  const scopesOf = (i) =>
    i % 4 === 0
      ? []
      : i % 4 === 1
        ? [{ segmentId: segments[i % segments.length] }]
        : i % 4 === 2
          ? [{ accountId: accounts[i % ACCOUNTS] }, { transactionType: 'PIX' }]
          : [{ transactionType: 'CARD', subType: 'debit' }];
  for (let i = 0; i < 100; i += 1) {
    const expression = [
      'amount > 1000000.0',
      'merchant["category"] == "7995" && amount > 500.0',
      'size(metadata) > 40',
      'currency == "EUR" && amount > 10000.0',
    ][i % 4];
    const action = ['DENY', 'REVIEW', 'DENY', 'ALLOW'][i % 4];
    const res = await api.send(
      'POST',
      '/v1/rules',
      { name: `bench rule ${i}`, expression, action, scopes: scopesOf(i) },
      token,
    );
    const { ruleId } = JSON.parse(res.text);
    await api.send('POST', `/v1/rules/${ruleId}/activate`, undefined, token);
  }
  for (let i = 0; i < 10; i += 1) {
    const res = await api.send(
      'POST',
      '/v1/limits',
      {
        name: `bench limit ${i}`,
        limitType: ['DAILY', 'WEEKLY', 'MONTHLY', 'PER_TRANSACTION'][i % 4],
        maxAmount: '1000000000.00',
        currency: 'USD',
        scopes: i % 2 === 0 ? [{ segmentId: segments[i] }] : [{ transactionType: 'CARD' }],
      },
      token,
    );
    const { limitId } = JSON.parse(res.text);
    await api.send('POST', `/v1/limits/${limitId}/activate`, undefined, token);
  }
}

const validation = (i) => ({
  requestId: randomUUID(),
  transactionType: 'CARD',
  subType: 'debit',
  amount: '12.34',
  currency: 'USD',
  transactionTimestamp: new Date().toISOString(),
  account: { accountId: accounts[i % ACCOUNTS], type: 'checking', status: 'active' },
  segment: { segmentId: segments[i % segments.length] },
  merchant: { merchantId: randomUUID(), name: 'Shop', category: '5411', country: 'US' },
  metadata: { channel: 'web' },
});

/** `tokens`: one per tenant, used in turn (multi-tenant); `[undefined]` single-tenant. */
async function phase(port, concurrency, seconds, tokens = [undefined]) {
  const api = client(port, concurrency);
  const latencies = [];
  let errors = 0;
  let firstError;
  let n = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        n += 1;
        const res = await api.send(
          'POST',
          '/v1/validations',
          validation(n),
          tokens[n % tokens.length],
        );
        if (res.status === 201) latencies.push(performance.now() - t0);
        else {
          errors += 1;
          firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  api.close();
  latencies.sort((a, b) => a - b);
  const at = (p) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return {
    rps: latencies.length / elapsed,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    errors,
    firstError,
  };
}

/** Validations per batch since the last call, from the app's metrics (undefined if absent). */
async function batchSizeSince(port, previous) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const read = (name) =>
    Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'))?.[1] ?? NaN);
  const now = {
    sum: read('tracer_validation_batch_size_sum'),
    count: read('tracer_validation_batch_size_count'),
  };
  const avg = (now.sum - (previous?.sum ?? 0)) / (now.count - (previous?.count ?? 0));
  return { now, avg: Number.isFinite(avg) ? avg : undefined };
}

/** Single-tenant: the build on a fresh database of its own. */
async function singleTenant(variant) {
  const database = `tracer_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  if (env.BENCH_LOG_STATEMENTS === '1') {
    await admin(`ALTER DATABASE "${database}" SET log_min_duration_statement = 0`);
    log(`logging statements of ${variant.label} in database ${database}`);
  }
  const tracer = await startTracer(variant.path, pgUrl(database), variant.env).catch(
    async (error) => {
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      throw error;
    },
  );
  return {
    port: tracer.port,
    pid: tracer.pid,
    tokens: [undefined],
    async stop() {
      await tracer.stop();
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

/**
 * Multi-tenant: a real tenant-manager on a fresh control-plane database, the build in
 * multi-tenant mode served by it, and `variant.tenants` SCHEMA tenants with a token each.
 */
async function multiTenant(variant) {
  const hex = randomBytes(4).toString('hex');
  const control = `tracer_bench_tm_${hex}`;
  await admin(`CREATE DATABASE "${control}"`);
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const serviceKey = `bench-svc-${randomBytes(12).toString('hex')}`;
  const ids = Array.from({ length: variant.tenants }, (_, i) => `bench-${hex}-${i}`);
  const started = {};
  const call = (method, path, body) =>
    fetch(`http://127.0.0.1:${started.manager.port}${path}`, {
      method,
      headers: { 'X-Admin-Key': adminKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const stop = async () => {
    await started.tracer?.stop();
    if (started.manager) {
      for (const id of ids) await call('DELETE', `/v1/tenants/${id}`).catch(() => undefined);
      await started.manager.stop();
      await dropGateways(control);
    }
    await admin(`DROP DATABASE IF EXISTS "${control}" WITH (FORCE)`);
  };
  try {
    started.manager = await startTracer(
      join(ROOT, 'dist/apps/tenant-manager/main.js'),
      pgUrl(control),
      { TENANT_MANAGER_ADMIN_KEY: adminKey, TENANT_MANAGER_SERVICE_API_KEYS: serviceKey },
    );
    started.tracer = await startTracer(variant.path, undefined, {
      MULTI_TENANT_ENABLED: 'true',
      PLUGIN_AUTH_ENABLED: 'true',
      MULTI_TENANT_URL: `http://127.0.0.1:${started.manager.port}`,
      MULTI_TENANT_SERVICE_API_KEY: serviceKey,
      ...variant.env,
    });
    const tm = { manager: { url: `http://127.0.0.1:${started.manager.port}` }, adminKey };
    const tokens = [];
    for (const id of ids) {
      const { token } = await provisionTenantWithToken(tm, {
        id,
        name: `Bench ${id}`,
        isolation: { ledger: 'SCHEMA', tracer: 'SCHEMA', reporter: 'SCHEMA' },
      });
      tokens.push(token);
    }
    return { port: started.tracer.port, pid: started.tracer.pid, tokens, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main() {
  const tenancy = TENANT_COUNTS.map((t) => (t === 0 ? 'single-tenant' : `${t} tenants`));
  log(
    `tracer validations over HTTP, ${tenancy.join(' vs ')}, 100 rules + 10 limits${TENANT_COUNTS.some((t) => t > 0) ? ' per tenant' : ''}, ${SECONDS}s per phase, ${RUNS} runs` +
      (BUILDS.length > 1 ? `, builds ${BUILDS.map((b) => b.label).join(' vs ')}` : ''),
  );
  const results = new Map(VARIANTS.flatMap((v) => CONCURRENCY.map((c) => [`${v.label}|${c}`, []])));
  const width = Math.max(8, ...VARIANTS.map((v) => v.label.length));
  for (let run = 1; run <= RUNS; run += 1) {
    const started = [];
    try {
      for (const variant of VARIANTS) {
        const target =
          variant.tenants > 0 ? await multiTenant(variant) : await singleTenant(variant);
        started.push({ variant, target });
      }
      for (const { target } of started) {
        const api = client(target.port, 4);
        await Promise.all(target.tokens.map((token) => seed(api, token)));
        await phase(target.port, 8, 1, target.tokens); // warm-up: pools, caches, JIT
        api.close();
      }
      for (const c of CONCURRENCY) {
        // Variants take turns at each concurrency, so that they meet the same background load.
        for (const { variant, target } of started) {
          const before = await batchSizeSince(target.port);
          const cpuBefore = cpuSnapshot(target.pid);
          const r = await phase(target.port, c, SECONDS, target.tokens);
          const cpu = cpuBetween(cpuBefore, cpuSnapshot(target.pid));
          const batch = await batchSizeSince(target.port, before.now);
          results.get(`${variant.label}|${c}`).push(r);
          log(
            `run ${run} ${VARIANTS.length > 1 ? `${variant.label.padEnd(width)} ` : ''}c=${String(c).padStart(2)}  ` +
              `${r.rps.toFixed(0).padStart(5)} validations/s  ` +
              `p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms` +
              (batch.avg === undefined ? '' : `  batch avg ${batch.avg.toFixed(1)}`) +
              `  cpu tracer ${cpu.app.toFixed(2)} pg ${cpu.pg.toFixed(2)} bench ${cpu.bench.toFixed(2)} irq ${cpu.irq.toFixed(2)} other ${cpu.other.toFixed(2)}` +
              (r.errors ? `  errors ${r.errors} (${r.firstError})` : ''),
          );
        }
      }
    } finally {
      for (const { target } of started) await target.stop();
    }
  }
  log('summary (median of runs, [min–max])');
  const stat = (runs, key) => {
    const values = runs.map((r) => r[key]).sort((a, b) => a - b);
    const digits = key === 'rps' ? 0 : 1;
    return `${values[Math.floor(values.length / 2)].toFixed(digits)} [${values[0].toFixed(digits)}–${values[values.length - 1].toFixed(digits)}]`;
  };
  for (const [key, runs] of results) {
    const [label, c] = key.split('|');
    log(
      `${VARIANTS.length > 1 ? `${label.padEnd(width)} ` : ''}c=${c.padStart(2)}  ${stat(runs, 'rps')} validations/s  ` +
        `p50 ${stat(runs, 'p50')}  p95 ${stat(runs, 'p95')}  p99 ${stat(runs, 'p99')} ms`,
    );
  }
  if (VARIANTS.length > 1) {
    const [base, ...others] = VARIANTS;
    for (const other of others) {
      for (const c of CONCURRENCY) {
        const ratios = results
          .get(`${other.label}|${c}`)
          .map((r, i) => r.rps / results.get(`${base.label}|${c}`)[i].rps)
          .sort((a, b) => a - b);
        log(
          `throughput ${other.label}/${base.label} c=${String(c).padStart(2)}: ` +
            `${ratios[Math.floor(ratios.length / 2)].toFixed(2)}x [${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}] (same run, same load)`,
        );
      }
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
