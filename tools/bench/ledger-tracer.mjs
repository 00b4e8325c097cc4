#!/usr/bin/env node
// The ledger's posting scenario with the tracer consulted (issue 9 item 9): two-leg transfers
// through the built ledger's HTTP API at one concurrency (default 32), on a ledger whose
// settings say tracer `off`, then `enforce` (failPosture closed, so no posting passes
// unchecked), then `off` again, against the built tracer with BENCH_RULES active rules (mixed
// scopes, none matching) and two active limits every transfer reserves against. Prints
// throughput and p50/p99 per phase and the ratio enforce / off (off = the mean of the two off
// phases, which brackets the enforce one against drift). Asserts nothing. `npm run build` first.
//
// Environment (all optional):
//   BENCH_SECONDS=5  BENCH_WARMUP_SECONDS=1  BENCH_CONCURRENCY=32  BENCH_ACCOUNTS=200
//   BENCH_RULES=20   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
//   BENCH_DIST=dist  the build to run (a folder holding apps/ledger and apps/tracer), so a copy
//                    of an earlier build can run in turns with this one
//   BENCH_PHASES=off,enforce,off  the phases to run, in order (a profile of `enforce` alone)
//   BENCH_LEDGER_NODE_ARGS= / BENCH_TRACER_NODE_ARGS=  extra node flags for each app (e.g.
//                    "--cpu-prof --cpu-prof-dir=/tmp/prof")
// Creates two databases of its own and drops them at the end. Only 127.0.0.1 is contacted.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS ?? 1);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 32);
const ACCOUNTS = Number(env.BENCH_ACCOUNTS ?? 200);
const RULES = Number(env.BENCH_RULES ?? 20);
const DIST = resolve(env.BENCH_DIST ?? join(ROOT, 'dist'));
const nodeArgsOf = (value) => (value ?? '').split(' ').filter(Boolean);
const NODE_ARGS = {
  ledger: nodeArgsOf(env.BENCH_LEDGER_NODE_ARGS),
  tracer: nodeArgsOf(env.BENCH_TRACER_NODE_ARGS),
};
const PHASES = (env.BENCH_PHASES ?? 'off,enforce,off').split(',');
if (PHASES.some((name) => name !== 'off' && name !== 'enforce')) {
  throw new Error('BENCH_PHASES lists off and enforce only');
}
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!['127.0.0.1', 'localhost'].includes(new URL(PG_ADMIN_URL).hostname)) {
  throw new Error('BENCH_PG_URL must point at 127.0.0.1');
}
const RUN = randomBytes(4).toString('hex');
const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const pgUrl = (database) => {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

async function sql(text, params = [], database) {
  const client = new pg.Client({ connectionString: database ? pgUrl(database) : PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
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

const children = [];
async function startApp(name, extraEnv) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS[name], join(DIST, 'apps', name, 'main.js')], {
    cwd: ROOT,
    env: { PATH: env.PATH ?? '', LOG_LEVEL: 'warn', PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const keep = (c) => (output = (output + c).slice(-10_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return { port, child };
}

function client(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return (method, path, body) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { 'content-type': 'application/json' };
    if (payload) headers['content-length'] = Buffer.byteLength(payload);
    return new Promise((done, fail) => {
      const req = http.request({ agent, host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => done({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', fail);
      req.end(payload);
    });
  };
}

async function must(answer, label) {
  const res = await answer;
  if (res.status >= 300) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// A description of its own: without an X-Idempotency key the key is the body's hash.
const transfer = (from, to) => ({
  description: `bench ${randomUUID()}`,
  send: {
    asset: 'USD',
    value: '1.00',
    source: { from: [{ accountAlias: from, amount: { asset: 'USD', value: '1.00' } }] },
    distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value: '1.00' } }] },
  },
});

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;

/** Posts random transfers at CONCURRENCY for `seconds`; answers throughput and latencies. */
async function load(ledger, base, aliases, seconds) {
  const latencies = [];
  const statuses = new Map();
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const i = randomInt(aliases.length);
      const j = (i + 1 + randomInt(aliases.length - 1)) % aliases.length;
      const started = performance.now();
      const res = await ledger(
        'POST',
        `${base}/transactions/json`,
        transfer(aliases[i], aliases[j]),
      );
      latencies.push(performance.now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: (statuses.get(201) ?? 0) / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses: Object.fromEntries(statuses),
  };
}

async function main() {
  const ledgerDb = `bench_lt_ledger_${RUN}`;
  const tracerDb = `bench_lt_tracer_${RUN}`;
  await sql(`CREATE DATABASE ${ledgerDb}`);
  await sql(`CREATE DATABASE ${tracerDb}`);
  try {
    const tracer = await startApp('tracer', { DATABASE_URL: pgUrl(tracerDb) });
    const ledgerApp = await startApp('ledger', {
      DATABASE_URL: pgUrl(ledgerDb),
      TRACER_URL: `http://127.0.0.1:${tracer.port}`,
    });
    const ledger = client(ledgerApp.port, CONCURRENCY);
    const tracerApi = client(tracer.port, 8);

    const org = await must(
      ledger('POST', '/v1/organizations', { legalName: 'Bench', legalDocument: '1' }),
      'organization',
    );
    const book = await must(
      ledger('POST', `/v1/organizations/${org.id}/ledgers`, { name: 'bench' }),
      'ledger',
    );
    const base = `/v1/organizations/${org.id}/ledgers/${book.id}`;
    await must(
      ledger('POST', `${base}/assets`, { name: 'US Dollar', type: 'currency', code: 'USD' }),
      'asset',
    );
    const aliases = Array.from({ length: ACCOUNTS }, (_, i) => `@bench${i}`);
    const accountIds = [];
    for (let i = 0; i < aliases.length; i += 16) {
      await Promise.all(
        aliases.slice(i, i + 16).map(async (alias) => {
          const account = await must(
            ledger('POST', `${base}/accounts`, { assetCode: 'USD', type: 'deposit', alias }),
            `account ${alias}`,
          );
          accountIds.push(account.id);
          await must(
            ledger('POST', `${base}/transactions/inflow`, {
              send: {
                asset: 'USD',
                value: '1000000',
                distribute: {
                  to: [{ accountAlias: alias, amount: { asset: 'USD', value: '1000000' } }],
                },
              },
            }),
            `funding ${alias}`,
          );
        }),
      );
    }

    // Rules of mixed scopes that never match, and two limits every transfer reserves against.
    const segment = randomUUID();
    for (let i = 0; i < RULES; i += 1) {
      const scopes =
        i % 3 === 0
          ? []
          : i % 3 === 1
            ? [{ accountId: accountIds[i % accountIds.length] }]
            : [{ segmentId: segment }];
      const rule = await must(
        tracerApi('POST', '/v1/rules', {
          name: `bench rule ${i}`,
          expression: i % 2 ? 'amount > 1000000000.0' : 'metadata["flag"] == "never"',
          action: i % 2 ? 'DENY' : 'REVIEW',
          scopes,
        }),
        'rule',
      );
      await must(tracerApi('POST', `/v1/rules/${rule.ruleId}/activate`), 'rule activation');
    }
    for (const [limitType, maxAmount] of [
      ['DAILY', '1000000000000'],
      ['PER_TRANSACTION', '1000000'],
    ]) {
      const limit = await must(
        tracerApi('POST', '/v1/limits', {
          name: `bench ${limitType}`,
          limitType,
          maxAmount,
          currency: 'USD',
          scopes: [{ subType: 'transfer' }],
        }),
        'limit',
      );
      await must(tracerApi('POST', `/v1/limits/${limit.limitId}/activate`), 'limit activation');
    }

    const phase = async (label, tracerSettings) => {
      await must(ledger('PATCH', `${base}/settings`, { tracer: tracerSettings }), 'settings');
      if (WARMUP_SECONDS > 0) await load(ledger, base, aliases, WARMUP_SECONDS);
      const result = await load(ledger, base, aliases, SECONDS);
      log(
        `${label.padEnd(8)} c=${CONCURRENCY}  ${result.rps.toFixed(0).padStart(6)} postings/s  ` +
          `p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  statuses ${JSON.stringify(result.statuses)}`,
      );
      return result;
    };
    log(
      `ledger posting with the tracer (${ACCOUNTS} accounts, ${RULES} rules, 2 limits, ${SECONDS} s per phase)`,
    );
    const settings = {
      off: { mode: 'off' },
      enforce: { mode: 'enforce', failPosture: 'closed', timeoutMs: 2000 },
    };
    const results = { off: [], enforce: [] };
    for (const name of PHASES) results[name].push(await phase(name, settings[name]));
    if (results.off.length > 0 && results.enforce.length > 0) {
      const mean = (list) => list.reduce((sum, r) => sum + r.rps, 0) / list.length;
      log(
        `ratio enforce / off = ${(mean(results.enforce) / mean(results.off)).toFixed(2)}  (target >= 0.6)`,
      );
    }

    // The holds of the enforce phase: each confirmed once its posting committed.
    await sleep(2000);
    const holds = await sql(
      'SELECT status, count(*)::int AS n FROM usage_reservations GROUP BY status ORDER BY status',
      [],
      tracerDb,
    );
    log(`tracer holds by status: ${holds.map((h) => `${h.status} ${h.n}`).join(', ')}`);
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
    }
    for (const db of [ledgerDb, tracerDb]) {
      await sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch((e) =>
        process.stderr.write(`drop ${db}: ${e.message}\n`),
      );
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(130);
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
