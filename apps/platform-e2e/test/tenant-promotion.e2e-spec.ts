import { randomUUID } from 'node:crypto';
import { api, ledgerWithAccounts, transferBody, type LedgerTarget } from '../src/ledger-client';
import { assertOperationsReplay, assertSumsToZero, balancesOf } from '../src/ledger-invariants';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SCHEMA → DATABASE promotion under a running ledger: the tenant keeps its id and its token,
 * its data is all there, the ledger follows it to the new database without re-running
 * migrations, and keeps posting.
 */
describe('promotion of a tenant while the ledger serves it', () => {
  let platform: Platform;
  let tenant: ProvisionedTenant;
  let neighbour: ProvisionedTenant;

  beforeAll(async () => {
    platform = await startPlatform();
    // One after the other, so that afterAll knows every tenant that was created.
    tenant = await provisionTenant(platform, 'pm-a', 'SCHEMA');
    neighbour = await provisionTenant(platform, 'pm-b', 'SCHEMA');
  });

  afterAll(async () => {
    if (!platform) return;
    for (const t of [tenant, neighbour]) {
      if (t) await managerCall(platform, 'DELETE', `/v1/tenants/${t.id}`);
    }
    await platform.stop();
  });

  const targetOf = (t: ProvisionedTenant, placement: LedgerTarget['placement']): LedgerTarget => ({
    label: t.id,
    url: platform.ledger.url,
    token: t.token,
    placement,
  });

  /** Posts one transfer, with an idempotency key so that a retry cannot apply it twice. */
  const transfer = (target: LedgerTarget, base: string, key = randomUUID()) =>
    fetch(`${target.url}${base}/transactions/json`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${target.token}`,
        'Content-Type': 'application/json',
        'X-Idempotency': key,
      },
      body: JSON.stringify(transferBody('alice', 'bob', '1.00')),
    });

  it('should keep serving the promoted tenant with the same token and all of its data', async () => {
    const before = targetOf(tenant, tenant.body.services.ledger);
    const fixture = await ledgerWithAccounts(before, ['alice', 'bob'], '1000');
    for (let i = 0; i < 5; i += 1) expect((await transfer(before, fixture.base)).status).toBe(201);
    const neighbourTarget = targetOf(neighbour, neighbour.body.services.ledger);
    const neighbourFixture = await ledgerWithAccounts(neighbourTarget, ['alice', 'bob'], '50');

    const balancesBefore = await balancesOf(before, fixture.ledgerId);
    const aliceBefore = await api(before, 'GET', `${fixture.base}/accounts/alias/alice/balances`);
    expect(aliceBefore.status).toBe(200);
    const transactionsBefore = await api(before, 'GET', `${fixture.base}/transactions`);

    const promoted = await managerCall(
      platform,
      'POST',
      `/v1/tenants/${tenant.id}/services/ledger/migrate`,
      { to: 'DATABASE' },
    );
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      isolationMode: 'DATABASE',
      database: `ledger_${tenant.id}`,
    });
    const after = targetOf(tenant, { database: `ledger_${tenant.id}` });

    // Same token. An instance still holding the old settings (cache TTL 1 s here; lifecycle
    // events shorten it when Redis is configured) answers 503 with Retry-After while it learns
    // the new placement — never a 500 — and then serves the tenant from the new database.
    const deadline = Date.now() + 5_000;
    const seen = new Set<number>();
    let aliceAfter = await api(after, 'GET', `${fixture.base}/accounts/alias/alice/balances`);
    seen.add(aliceAfter.status);
    while (aliceAfter.status !== 200 && Date.now() < deadline) {
      await sleep(200);
      aliceAfter = await api(after, 'GET', `${fixture.base}/accounts/alias/alice/balances`);
      seen.add(aliceAfter.status);
    }
    expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(aliceAfter).toEqual(aliceBefore);
    expect(await api(after, 'GET', `${fixture.base}/transactions`)).toEqual(transactionsBefore);
    expect(await balancesOf(after, fixture.ledgerId)).toEqual(balancesBefore);

    // It keeps posting, in the new database, with exact balances.
    expect((await transfer(after, fixture.base)).status).toBe(201);
    const alice = (await balancesOf(after, fixture.ledgerId)).find((b) => b.alias === 'alice');
    expect(Number(alice?.available)).toBe(994);
    await assertSumsToZero(after, fixture.ledgerId);
    await assertOperationsReplay(after, fixture.ledgerId);

    // The neighbour in the shared database was served throughout and still is.
    expect((await transfer(neighbourTarget, neighbourFixture.base)).status).toBe(201);
    await assertSumsToZero(neighbourTarget, neighbourFixture.ledgerId);
  });
});
