import { api, ledgerWithAccounts, type LedgerTarget } from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

/**
 * The ledger's settings, block/unblock, overdraft, routes and fees are per tenant: what one
 * tenant creates or changes is 404 (or untouched) for another, even given its ids.
 */
describe('ledger depth across tenants (multi-tenant, SCHEMA mode)', () => {
  let platform: Platform;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let targetA: LedgerTarget;
  let targetB: LedgerTarget;

  beforeAll(async () => {
    platform = await startPlatform();
    a = await provisionTenant(platform, 'depth-a', 'SCHEMA');
    b = await provisionTenant(platform, 'depth-b', 'SCHEMA');
    const targetOf = (tenant: ProvisionedTenant): LedgerTarget => ({
      label: tenant.id,
      url: platform.ledger.url,
      token: tenant.token,
      placement: tenant.body.services.ledger,
    });
    targetA = targetOf(a);
    targetB = targetOf(b);
  });

  afterAll(async () => {
    for (const tenant of [a, b]) {
      if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    }
    await platform?.stop();
  });

  it('should keep ledger settings per tenant', async () => {
    const { base } = await ledgerWithAccounts(targetA, [], '0');
    const patched = await api(targetA, 'PATCH', `${base}/settings`, {
      overrides: { allowFeeSkip: true },
      tracer: { mode: 'advisory' },
    });
    expect(patched.status).toBe(200);
    expect((await api(targetB, 'GET', `${base}/settings`)).status).toBe(404);
    expect(
      (await api(targetB, 'PATCH', `${base}/settings`, { tracer: { mode: 'off' } })).status,
    ).toBe(404);
    const own = await api(targetA, 'GET', `${base}/settings`);
    expect(own.body.tracer.mode).toBe('advisory');
    expect(own.body.overrides.allowFeeSkip).toBe(true);
  });
});
