import { adminQuery } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A tenant whose objects vanish under a running app (issue 13) is answered 404 0160 (deleted)
 * or 503 with Retry-After, never 500. No lifecycle events (no Redis), a 300 s settings cache
 * and a 300 s revalidation interval: the app learns only from PostgreSQL's errors, which make
 * it refetch the tenant's settings.
 */
describe('a tenant deleted or half-deleted under a running ledger', () => {
  let platform: Platform;
  let schemaTenant: ProvisionedTenant;
  let databaseTenant: ProvisionedTenant;
  let broken: ProvisionedTenant;
  const removed = new Set<string>();

  beforeAll(async () => {
    platform = await startPlatform({
      MULTI_TENANT_CACHE_TTL_SEC: '300',
      MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC: '300',
    });
    [schemaTenant, databaseTenant, broken] = await Promise.all([
      provisionTenant(platform, 'del-sch', 'SCHEMA'),
      provisionTenant(platform, 'del-db', 'DATABASE'),
      provisionTenant(platform, 'del-half', 'SCHEMA'),
    ]);
  });

  afterAll(async () => {
    if (!platform) return;
    for (const tenant of [schemaTenant, databaseTenant, broken])
      if (tenant && !removed.has(tenant.id))
        await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    await platform.stop();
  });

  const ledger = (tenant: ProvisionedTenant, method = 'GET', body?: unknown) =>
    fetch(`${platform.ledger.url}/v1/organizations`, {
      method,
      headers: {
        Authorization: `Bearer ${tenant.token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  /** Requests the tenant without pause until `stop`; every answer's status, code, Retry-After. */
  function load(tenant: ProvisionedTenant) {
    const seen: string[] = [];
    let running = true;
    const done = (async () => {
      for (let i = 0; running; i++) {
        const res =
          i % 2 === 0
            ? await ledger(tenant)
            : await ledger(tenant, 'POST', { legalName: `Org ${i}`, legalDocument: '1' });
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        const retry = res.headers.get('retry-after');
        seen.push(
          `${res.status} ${body.code ?? ''}${res.status === 503 && retry ? ' retry' : ''}${res.status >= 500 && res.status !== 503 ? ` ${body.message}` : ''}`,
        );
      }
    })();
    return {
      seen,
      stop: async () => {
        running = false;
        await done;
      },
    };
  }

  it('should answer 404 0160 or 503 with Retry-After, never 500, during and after deletions', async () => {
    for (const tenant of [schemaTenant, databaseTenant])
      expect((await ledger(tenant, 'POST', { legalName: 'Warm', legalDocument: '1' })).status).toBe(
        201,
      );
    const loads = [load(schemaTenant), load(databaseTenant)];
    await sleep(300);
    for (const tenant of [schemaTenant, databaseTenant]) {
      expect((await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
      removed.add(tenant.id);
    }
    await sleep(1_500);
    await Promise.all(loads.map((l) => l.stop()));

    for (const { seen } of loads) {
      const unexpected = seen.filter((s) => !/^(200|201|404|503) /.test(s));
      if (unexpected.length) console.log(platform.ledger.output().slice(-4000));
      expect(unexpected).toEqual([]);
      // Every 503 carried Retry-After, and the deletion is seen as one at the end.
      expect(seen.filter((s) => s.startsWith('503') && !s.endsWith('retry'))).toEqual([]);
      expect(seen[seen.length - 1]).toBe('404 0160');
    }
    // Afterwards, with the token still valid: 404 0160 at once, again and again.
    for (const tenant of [schemaTenant, databaseTenant]) {
      for (let i = 0; i < 3; i++) {
        const res = await ledger(tenant);
        expect(res.status).toBe(404);
        expect(((await res.json()) as { code: string }).code).toBe('0160');
      }
    }
    // The dedicated database's pool is closed (its database is gone with it).
    const sessions = await adminQuery<{ n: string }>(
      "SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ledger'",
      [databaseTenant.body.services.ledger.database],
    );
    expect(Number(sessions[0].n)).toBe(0);
  });

  it('should answer 503 with Retry-After, never 500, while a tenant recorded active has lost its schema', async () => {
    expect((await ledger(broken, 'POST', { legalName: 'Warm', legalDocument: '1' })).status).toBe(
      201,
    );
    const { database, schema } = broken.body.services.ledger;
    // What an operator's mistake, or an older tenant-manager's half-deletion, leaves behind.
    await adminQuery(`DROP SCHEMA "${schema}" CASCADE`, [], database);
    for (let i = 0; i < 3; i++) {
      const res = await ledger(broken);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });
});
