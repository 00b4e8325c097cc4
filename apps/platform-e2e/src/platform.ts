import { randomBytes } from 'node:crypto';
import {
  adminQuery,
  createTestDatabase,
  dropDeploymentGateways,
  type TestDatabase,
} from '@finplat/testing';
import { startApp, type RunningApp } from './processes';

export interface Platform {
  manager: RunningApp;
  ledger: RunningApp;
  tracer: RunningApp;
  reporter: RunningApp;
  adminKey: string;
  controlPlane: TestDatabase;
  /** Environment tenant-manager was started with (to restart it in place). */
  managerEnv: Record<string, string>;
  stop(): Promise<void>;
}

export type Isolation = 'DATABASE' | 'SCHEMA';

export interface ProvisionedTenant {
  id: string;
  token: string;
  body: TenantBody;
}

export interface TenantBody {
  id: string;
  status: string;
  services: Record<
    'ledger' | 'tracer' | 'reporter',
    { isolationMode: Isolation; database: string; schema?: string }
  >;
  [key: string]: unknown;
}

/** A real tenant-manager on a fresh control-plane database, and how apps reach it. */
export interface ControlPlane {
  manager: RunningApp;
  adminKey: string;
  controlPlane: TestDatabase;
  /** Environment tenant-manager was started with (to restart it in place). */
  managerEnv: Record<string, string>;
  /** Environment of an app in multi-tenant mode served by this tenant-manager. */
  appEnv: Record<string, string>;
  /** Stops tenant-manager and drops the control plane (stop the apps first). */
  stop(): Promise<void>;
}

/** Starts tenant-manager alone: a suite about one app starts just that app next to it. */
export async function startControlPlane(
  extraAppEnv: Record<string, string> = {},
  extraManagerEnv: Record<string, string> = {},
): Promise<ControlPlane> {
  const controlPlane = await createTestDatabase('tm_e2e');
  const adminKey = `admin-${randomBytes(12).toString('hex')}`;
  const serviceKey = `svc-${randomBytes(12).toString('hex')}`;
  const managerEnv = {
    DATABASE_URL: controlPlane.url,
    TENANT_MANAGER_ADMIN_KEY: adminKey,
    TENANT_MANAGER_SERVICE_API_KEYS: `other-key,${serviceKey}`,
    ...extraManagerEnv,
  };
  const manager = await startApp('tenant-manager', managerEnv);
  const plane: ControlPlane = {
    manager,
    adminKey,
    controlPlane,
    managerEnv,
    appEnv: {
      MULTI_TENANT_ENABLED: 'true',
      PLUGIN_AUTH_ENABLED: 'true',
      MULTI_TENANT_URL: manager.url,
      MULTI_TENANT_SERVICE_API_KEY: serviceKey,
      MULTI_TENANT_CACHE_TTL_SEC: '1',
      ...extraAppEnv,
    },
    async stop() {
      // `manager` may have been replaced by a restart in place.
      await plane.manager.stop();
      await dropDeploymentGateways(controlPlane.name);
      await controlPlane.drop();
    },
  };
  return plane;
}

/**
 * Starts a real tenant-manager on a fresh control-plane database and the three apps in
 * multi-tenant mode, all as built processes configured by environment variables alone.
 */
export async function startPlatform(
  extraAppEnv: Record<string, string> = {},
  extraManagerEnv: Record<string, string> = {},
): Promise<Platform> {
  const plane = await startControlPlane(extraAppEnv, extraManagerEnv);
  const [ledger, tracer, reporter] = await Promise.all([
    startApp('ledger', plane.appEnv),
    startApp('tracer', plane.appEnv),
    startApp('reporter', plane.appEnv),
  ]);
  const platform: Platform = {
    manager: plane.manager,
    ledger,
    tracer,
    reporter,
    adminKey: plane.adminKey,
    controlPlane: plane.controlPlane,
    managerEnv: plane.managerEnv,
    async stop() {
      await Promise.all([ledger.stop(), tracer.stop(), reporter.stop()]);
      plane.manager = platform.manager;
      await plane.stop();
    },
  };
  return platform;
}

/** What talking to tenant-manager's admin API needs. */
export type ManagerAccess = Pick<Platform, 'manager' | 'adminKey'>;

export async function managerCall(
  platform: ManagerAccess,
  method: string,
  path: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the admin API
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${platform.manager.url}${path}`, {
    method,
    headers: { 'X-Admin-Key': platform.adminKey, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates a tenant with the given isolation for every service, a client, and a token. */
export async function provisionTenant(
  platform: ManagerAccess,
  prefix: string,
  isolation: Isolation,
): Promise<ProvisionedTenant> {
  const id = `${prefix}-${randomBytes(3).toString('hex')}`;
  const created = await managerCall(platform, 'POST', '/v1/tenants', {
    id,
    name: `Tenant ${id}`,
    isolation: { ledger: isolation, tracer: isolation, reporter: isolation },
  });
  if (created.status !== 201)
    throw new Error(`tenant ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const client = await managerCall(platform, 'POST', `/v1/tenants/${id}/clients`, { name: 'e2e' });
  if (client.status !== 201)
    throw new Error(`client for ${id}: ${client.status} ${JSON.stringify(client.body)}`);
  const token = await fetch(`${platform.manager.url}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.body.clientId,
      client_secret: client.body.clientSecret,
    }),
  });
  if (token.status !== 200)
    throw new Error(`token for ${id}: ${token.status} ${await token.text()}`);
  return {
    id,
    token: ((await token.json()) as { access_token: string }).access_token,
    body: created.body,
  };
}

/** Counts rows with `id` in a table of a tenant's own database or schema, as the admin. */
export async function countRowsInPlacement(
  placement: { database: string; schema?: string },
  table: string,
  id: string,
): Promise<number> {
  const qualified = placement.schema ? `"${placement.schema}"."${table}"` : `public."${table}"`;
  const rows = await adminQuery<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${qualified} WHERE id = $1`,
    [id],
    placement.database,
  );
  return Number(rows[0].n);
}
