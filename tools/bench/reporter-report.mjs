#!/usr/bin/env node
// Reporter benchmark (issue 10, item 9). Prints figures; asserts nothing.
//
// Fills a ledger-shaped database with BENCH_REPORT_ROWS operations (the columns of the ledger's
// `operation` table), starts the built reporter (dist/apps/reporter/main.js, single-tenant, the
// PostgreSQL-claim worker in the same process) with midaz_transaction pointing at it, uploads a
// CSV template over every operation, and times BENCH_REPORT_RUNS reports from POST to Finished.
// Prints wall time, rows per second and the reporter's peak RSS (VmHWM) per run.
//
// Everything it creates is dropped at the end (also on failure and Ctrl-C). Only 127.0.0.1 is
// contacted.
//
// Environment (all optional):
//   BENCH_REPORT_ROWS=200000   operations in the report
//   BENCH_REPORT_RUNS=3        reports timed (a fresh reporter process for each, so VmHWM is per run)
//   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres   admin connection
//   BENCH_LOG_LEVEL=warn       LOG_LEVEL of the reporter
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const env = process.env;
const ROWS = Number(env.BENCH_REPORT_ROWS ?? 200_000);
const RUNS = Number(env.BENCH_REPORT_RUNS ?? 3);
const ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'warn';
if (new URL(ADMIN_URL).hostname !== '127.0.0.1')
  throw new Error('BENCH_PG_URL must be on 127.0.0.1');

const suffix = randomBytes(4).toString('hex');
const LEDGER_DB = `bench_reporter_ledger_${suffix}`;
const REPORTER_DB = `bench_reporter_${suffix}`;
const urlOf = (database) => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

async function admin(sql, database = 'postgres') {
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const TEMPLATE = `id;transaction_id;account_alias;type;direction;asset_code;amount;available_after;status;created_at
{% for o in midaz_transaction.operation %}{{ o.id }};{{ o.transaction_id }};{{ o.account_alias }};{{ o.type }};{{ o.direction }};{{ o.asset_code }};{{ o.amount }};{{ o.available_after }};{{ o.status }};{{ o.created_at|date:"2006-01-02T15:04:05" }}
{% endfor %}`;

async function seed() {
  await admin(`CREATE DATABASE ${LEDGER_DB}`);
  await admin(`CREATE DATABASE ${REPORTER_DB}`);
  await admin(
    `CREATE TABLE operation (
       id uuid PRIMARY KEY, transaction_id uuid NOT NULL, organization_id uuid NOT NULL, ledger_id uuid NOT NULL,
       account_id uuid NOT NULL, account_alias text NOT NULL, balance_key text NOT NULL, type text NOT NULL,
       direction text NOT NULL, asset_code text NOT NULL, amount numeric NOT NULL, available_before numeric NOT NULL,
       available_after numeric NOT NULL, status text NOT NULL, description text, metadata jsonb NOT NULL DEFAULT '{}',
       created_at timestamptz NOT NULL DEFAULT now());
     INSERT INTO operation (id, transaction_id, organization_id, ledger_id, account_id, account_alias, balance_key, type,
                            direction, asset_code, amount, available_before, available_after, status, created_at)
     SELECT gen_random_uuid(), gen_random_uuid(), '01930000-0000-7000-8000-000000000001', '01930000-0000-7000-8000-000000000002',
            gen_random_uuid(), '@account-' || (i % 1000), 'default', CASE WHEN i % 2 = 0 THEN 'DEBIT' ELSE 'CREDIT' END,
            CASE WHEN i % 2 = 0 THEN 'debit' ELSE 'credit' END, 'USD', (i % 100000)::numeric / 100 + 0.01,
            i::numeric, i::numeric + 1.25, 'APPROVED', timestamptz '2025-01-01' + i * interval '1 second'
       FROM generate_series(1, ${ROWS}) AS i;`,
    LEDGER_DB,
  );
  await admin('VACUUM ANALYZE operation', LEDGER_DB);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

async function startReporter() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/reporter/main.js')], {
    cwd: ROOT,
    env: {
      PATH: env.PATH ?? '',
      PORT: String(port),
      LOG_LEVEL,
      DATABASE_URL: urlOf(REPORTER_DB),
      DATASOURCE_MIDAZ_TRANSACTION_DATABASE: LEDGER_DB,
      DATASOURCE_MIDAZ_ONBOARDING_DATABASE: LEDGER_DB,
      REPORT_POLL_INTERVAL_MS: '100',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`reporter exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('reporter did not start');
}

const peakRssMiB = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
};

async function oneRun(templateId) {
  const { child, base } = await startReporter();
  try {
    const started = performance.now();
    const created = await fetch(`${base}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ templateId }),
    });
    if (created.status !== 201)
      throw new Error(`POST /v1/reports: ${created.status} ${await created.text()}`);
    const { id } = await created.json();
    let report;
    for (;;) {
      // A kept-alive connection may be closed by the server as the request goes out (its event
      // loop is busy rendering); such a poll is simply repeated.
      report = await fetch(`${base}/v1/reports/${id}`)
        .then((res) => res.json())
        .catch(() => ({ status: 'Processing' }));
      if (report.status !== 'Processing') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    if (report.status !== 'Finished')
      throw new Error(`report ended ${report.status}: ${JSON.stringify(report.metadata)}`);
    const file = await fetch(`${base}/v1/reports/${id}/download`);
    const text = await file.text();
    const lines = text.split('\n').filter(Boolean).length - 1;
    return { seconds, lines, bytes: Buffer.byteLength(text), rssMiB: peakRssMiB(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function uploadTemplate() {
  const { child, base } = await startReporter();
  try {
    const form = new FormData();
    form.append('template', new Blob([TEMPLATE], { type: 'text/plain' }), 'operations.tpl');
    form.append('outputFormat', 'csv');
    form.append('description', 'bench: every operation');
    const res = await fetch(`${base}/v1/templates`, { method: 'POST', body: form });
    if (res.status !== 201)
      throw new Error(`POST /v1/templates: ${res.status} ${await res.text()}`);
    return (await res.json()).id;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function cleanup() {
  for (const db of [LEDGER_DB, REPORTER_DB]) {
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  }
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/apps/reporter/main.js'))) {
    throw new Error('dist/apps/reporter/main.js is missing: run `npm run build` first');
  }
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  console.log(`reporter bench: CSV report over ${ROWS} operations, ${RUNS} runs`);
  await seed();
  const templateId = await uploadTemplate();
  const results = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await oneRun(templateId);
    if (result.lines !== ROWS) throw new Error(`report has ${result.lines} rows, expected ${ROWS}`);
    results.push(result);
    console.log(
      `  run ${run}: ${result.seconds.toFixed(2)} s, ${Math.round(ROWS / result.seconds)} rows/s, ` +
        `${(result.bytes / 1024 / 1024).toFixed(1)} MiB CSV, peak RSS ${result.rssMiB.toFixed(0)} MiB`,
    );
  }
  const seconds = results.map((r) => r.seconds).sort((a, b) => a - b);
  const rss = results.map((r) => r.rssMiB).sort((a, b) => a - b);
  const median = (list) => list[Math.floor(list.length / 2)];
  console.log(
    `reporter CSV ${ROWS} rows: wall median ${median(seconds).toFixed(2)} s (min ${seconds[0].toFixed(2)}, max ${seconds[seconds.length - 1].toFixed(2)}), ` +
      `${Math.round(ROWS / median(seconds))} rows/s, peak RSS median ${median(rss).toFixed(0)} MiB (max ${rss[rss.length - 1].toFixed(0)})`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanup);
