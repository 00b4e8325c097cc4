import { ledgerWithAccounts, type LedgerTarget } from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

/** A key startPlatform always accepts besides its generated one (see platform.ts). */
const SERVICE_API_KEY = 'other-key';
const REDIS_URL = 'redis://127.0.0.1:6379';
const MANAGEMENT_URL = 'http://127.0.0.1:15672';
const MANAGEMENT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await sleep(200);
    value = await probe();
  }
  return value;
}

/**
 * The ledger's per-tenant RabbitMQ relay and consumer follow the tenancy lifecycle (the
 * TenantLifecycleHooks registered by LedgerEvents): a suspended tenant's broker connections are
 * closed although its RabbitMQ user and vhost still exist, reactivation reconnects them, and
 * deletion leaves none. Revalidation is set to an hour, so only the lifecycle event can do it.
 */
describe('ledger RabbitMQ consumers follow tenant suspension, reactivation and deletion', () => {
  let platform: Platform;
  let tenant: ProvisionedTenant;
  let deleted = false;
  let rabbitUser: string;

  /** The broker connections RabbitMQ holds for a user right now. */
  const connectionsOf = async (user: string): Promise<number> => {
    const res = await fetch(`${MANAGEMENT_URL}/api/connections?columns=user,name`, {
      headers: { Authorization: MANAGEMENT_AUTH },
    });
    expect(res.status).toBe(200);
    const all = (await res.json()) as { user: string }[];
    return all.filter((c) => c.user === user).length;
  };

  beforeAll(async () => {
    platform = await startPlatform(
      {
        MULTI_TENANT_REDIS_HOST: '127.0.0.1',
        MULTI_TENANT_REDIS_PORT: '6379',
        MULTI_TENANT_CACHE_TTL_SEC: '300',
        MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC: '3600',
      },
      { REDIS_URL },
    );
    tenant = await provisionTenant(platform, 'cons', 'DATABASE');
    const res = await fetch(
      `${platform.manager.url}/v1/tenants/${tenant.id}/associations/ledger/connections`,
      { headers: { 'X-API-Key': SERVICE_API_KEY } },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rabbitmq?: { username: string } };
    if (!body.rabbitmq) throw new Error(`tenant ${tenant.id} has no RabbitMQ settings`);
    rabbitUser = body.rabbitmq.username;
  });

  afterAll(async () => {
    if (!platform) return;
    if (tenant && !deleted) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    await platform.stop();
  });

  it('should open the ledger consumer once the tenant posts', async () => {
    const target: LedgerTarget = {
      label: tenant.id,
      url: platform.ledger.url,
      token: tenant.token,
      placement: tenant.body.services.ledger,
    };
    // Postings signal the ledger to relay the tenant's outbox and consume its vhost.
    await ledgerWithAccounts(target, ['alice'], '10');
    expect(
      await eventually(
        () => connectionsOf(rabbitUser),
        (n) => n > 0,
        15_000,
      ),
    ).toBeGreaterThan(0);
  });

  it("should close a suspended tenant's broker connections, and reopen them on reactivation", async () => {
    expect(
      (await managerCall(platform, 'PATCH', `/v1/tenants/${tenant.id}`, { status: 'suspended' }))
        .status,
    ).toBe(200);
    expect(
      await eventually(
        () => connectionsOf(rabbitUser),
        (n) => n === 0,
        15_000,
      ),
    ).toBe(0);
    expect(
      (await managerCall(platform, 'PATCH', `/v1/tenants/${tenant.id}`, { status: 'active' }))
        .status,
    ).toBe(200);
    expect(
      await eventually(
        () => connectionsOf(rabbitUser),
        (n) => n > 0,
        15_000,
      ),
    ).toBeGreaterThan(0);
  });

  it("should leave no broker connection for a deleted tenant's user", async () => {
    expect((await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
    deleted = true;
    expect(
      await eventually(
        () => connectionsOf(rabbitUser),
        (n) => n === 0,
        15_000,
      ),
    ).toBe(0);
    // And the ledger does not reconnect it afterwards.
    await sleep(3_000);
    expect(await connectionsOf(rabbitUser)).toBe(0);
  });
});
